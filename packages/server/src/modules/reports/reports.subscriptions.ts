import { and, desc, eq, sql } from 'drizzle-orm';
import type { ReportArchiveList, ReportSubscription, ReportSubscriptionInput, ReportSubscriptionList } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { getSettings } from '../../platform/settings/settings.js';
import { orgUnits } from '../../platform/identity/index.js';
import { allReportKinds, reportKind } from './reports.kinds.js';
import { deliverySchedule } from './reports.periods.js';
import { reportArchive, reportSubscriptions } from './reports.schema.js';
import { reportsAccess } from './reports.access.js';

/** My subscriptions (each user sees and changes only their own) and the kinds I may subscribe to. */
export async function listSubscriptions(ctx: Ctx): Promise<ReportSubscriptionList> {
  reportsAccess.require(ctx.actor, 'read');
  const { timeZone } = await getSettings(ctx.db);
  const rows = await ctx.db
    .select({ subscription: reportSubscriptions, unitName: orgUnits.name })
    .from(reportSubscriptions)
    .leftJoin(orgUnits, eq(orgUnits.id, reportSubscriptions.unitId))
    .where(eq(reportSubscriptions.userId, ctx.actor.id))
    .orderBy(reportSubscriptions.createdAt);
  return {
    items: rows.map(({ subscription, unitName }) => present(subscription, unitName, ctx.now, timeZone)),
    kinds: allReportKinds()
      .filter((kind) => kind.canSubscribe(ctx.actor))
      .map((kind) => ({ key: kind.key, periods: [...kind.periods] })),
  };
}

function present(row: typeof reportSubscriptions.$inferSelect, unitName: string | null, now: Date, timeZone: string): ReportSubscription {
  return {
    id: row.id,
    kind: row.kind,
    period: row.period,
    unitId: row.unitId,
    unitName,
    language: row.language,
    channels: row.channels,
    nextAt: deliverySchedule(row.period, now, timeZone).next.toISOString(),
    lastDeliveredAt: row.lastDeliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Subscribes the caller to a report. The unit must be one the caller may narrow their report to
 * (inside their scope); the same subscription twice → 409.
 */
export async function subscribe(ctx: Ctx, input: ReportSubscriptionInput): Promise<ReportSubscription> {
  reportsAccess.require(ctx.actor, 'subscribe');
  const kind = reportKind(input.kind);
  if (!kind || !kind.canSubscribe(ctx.actor)) throw new AppError('validation', `unknown report kind ${input.kind}`, { field: 'body.kind' });
  if (!kind.periods.includes(input.period))
    throw new AppError('validation', `${input.kind} has no ${input.period} report`, { field: 'body.period' });
  let unitName: string | null = null;
  if (input.unitId) {
    const [unit] = await ctx.db.select({ name: orgUnits.name, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, input.unitId));
    const inScope =
      unit &&
      (reportsAccess.scopes(ctx.actor, 'subscribe').includes('all') ||
        (ctx.actor.orgUnitPath && unit.path.startsWith(ctx.actor.orgUnitPath)));
    if (!unit || !inScope || reportsAccess.scopes(ctx.actor, 'subscribe').every((scope) => scope === 'own'))
      throw new AppError('validation', 'this unit is outside what you may see', { field: 'body.unitId' });
    unitName = unit.name;
  }
  const { timeZone } = await getSettings(ctx.db);
  const [row] = await ctx.db
    .insert(reportSubscriptions)
    .values({
      userId: ctx.actor.id,
      kind: kind.key,
      period: input.period,
      unitId: input.unitId,
      language: input.language,
      channels: [...new Set(input.channels)],
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new AppError('conflict', 'you already subscribe to this report');
  return present(row, unitName, ctx.now, timeZone);
}

export async function unsubscribe(ctx: Ctx, id: string): Promise<void> {
  reportsAccess.require(ctx.actor, 'read');
  const removed = await ctx.db
    .delete(reportSubscriptions)
    .where(and(eq(reportSubscriptions.id, id), eq(reportSubscriptions.userId, ctx.actor.id)))
    .returning({ id: reportSubscriptions.id });
  if (removed.length === 0) throw new AppError('not_found', 'no such subscription');
}

/** My delivered reports, newest first (the files are fetched one by one). */
export async function listArchive(ctx: Ctx): Promise<ReportArchiveList> {
  reportsAccess.require(ctx.actor, 'read');
  const rows = await ctx.db
    .select({
      id: reportArchive.id,
      kind: reportArchive.kind,
      period: reportArchive.period,
      from: reportArchive.periodFrom,
      to: reportArchive.periodTo,
      scopeName: reportArchive.scopeName,
      language: reportArchive.language,
      generatedAt: reportArchive.generatedAt,
      xlsxBytes: sql<number | null>`octet_length(${reportArchive.xlsx})`,
      pdfBytes: sql<number | null>`octet_length(${reportArchive.pdf})`,
    })
    .from(reportArchive)
    .where(eq(reportArchive.userId, ctx.actor.id))
    .orderBy(desc(reportArchive.generatedAt), desc(reportArchive.id))
    .limit(200);
  return {
    items: rows.map(({ xlsxBytes, pdfBytes, generatedAt, ...row }) => ({
      ...row,
      generatedAt: generatedAt.toISOString(),
      files: [
        ...(xlsxBytes !== null ? [{ format: 'xlsx' as const, bytes: Number(xlsxBytes) }] : []),
        ...(pdfBytes !== null ? [{ format: 'pdf' as const, bytes: Number(pdfBytes) }] : []),
      ],
    })),
  };
}

/** One archived file of mine; another user's entry is 404. */
export async function archiveFile(ctx: Ctx, id: string, format: 'xlsx' | 'pdf'): Promise<{ bytes: Buffer; name: string }> {
  reportsAccess.require(ctx.actor, 'read');
  const [row] = await ctx.db
    .select({
      period: reportArchive.period,
      from: reportArchive.periodFrom,
      language: reportArchive.language,
      kind: reportArchive.kind,
      file: format === 'xlsx' ? reportArchive.xlsx : reportArchive.pdf,
    })
    .from(reportArchive)
    .where(and(eq(reportArchive.id, id), eq(reportArchive.userId, ctx.actor.id)));
  if (!row?.file) throw new AppError('not_found', 'no such report file');
  return { bytes: row.file, name: `${row.kind}-${row.period}-${row.from}${row.language === 'en-US' ? '-en' : ''}.${format}` };
}
