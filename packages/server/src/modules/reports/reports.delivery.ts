import { and, eq, sql } from 'drizzle-orm';
import type { Role } from '@xiaoguan/shared';
import { message } from '@xiaoguan/shared';
import type { Actor } from '../../platform/access/index.js';
import { makeCtx } from '../../platform/context.js';
import type { Database } from '../../platform/db/client.js';
import { notify } from '../../platform/notifications/notifications.js';
import { enqueueMessage } from '../../platform/notifications/senders/index.js';
import { getSettings } from '../../platform/settings/settings.js';
import { reportKind } from './reports.kinds.js';
import { deliverySchedule } from './reports.periods.js';
import { reportArchive, reportSubscriptions } from './reports.schema.js';

/** The subscriber as the actor the report is built for: their record access today. */
export async function actorOf(db: Database, userId: string): Promise<(Actor & { email: string | null }) | null> {
  const result = await db.execute<{
    id: string;
    username: string;
    display_name: string;
    roles: Role[];
    org_unit_id: string | null;
    path: string | null;
    line_path: string;
    email: string | null;
  }>(sql`
    select u.id, u.username, u.display_name, u.roles, u.org_unit_id, o.path, u.line_path, u.email
      from users u left join org_units o on o.id = u.org_unit_id where u.id = ${userId} and not u.disabled`);
  const row = result.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    orgUnitId: row.org_unit_id,
    orgUnitPath: row.path,
    linePath: row.line_path,
    email: row.email,
  };
}

export interface DeliveryRun {
  delivered: number;
  failed: number;
}

/**
 * Delivers every subscription's due report (issue 18 item 4): the latest scheduled period at or
 * before `now` (deliverySchedule), built as the subscriber, archived with its files, announced in the
 * app (linking to the archive entry) and put in the outbox for e-mail / WeCom / DingTalk.
 * Once: the archive's unique key (subscription, period) — a second process, or a second run, inserts
 * nothing and sends nothing. A server down over several scheduled times catches up the latest
 * period only, once. A report that fails to build is skipped and tried again on the next run.
 */
export async function deliverDueReports(db: Database, now: Date): Promise<DeliveryRun> {
  const { timeZone } = await getSettings(db);
  const subscriptions = await db.select().from(reportSubscriptions).orderBy(reportSubscriptions.createdAt);
  const run: DeliveryRun = { delivered: 0, failed: 0 };
  for (const subscription of subscriptions) {
    const kind = reportKind(subscription.kind);
    if (!kind || !kind.periods.includes(subscription.period)) continue;
    const { due } = deliverySchedule(subscription.period, now, timeZone);
    const done = await db
      .select({ id: reportArchive.id })
      .from(reportArchive)
      .where(and(eq(reportArchive.subscriptionId, subscription.id), eq(reportArchive.periodFrom, due.range.from)));
    if (done.length > 0) continue;
    const actor = await actorOf(db, subscription.userId);
    if (!actor || !kind.canSubscribe(actor)) continue;
    try {
      const rendered = await kind.render(makeCtx(db, actor, { now }), {
        period: subscription.period,
        range: due.range,
        unitId: subscription.unitId,
        language: subscription.language,
      });
      const delivered = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(reportArchive)
          .values({
            subscriptionId: subscription.id,
            userId: subscription.userId,
            kind: kind.key,
            period: subscription.period,
            periodFrom: due.range.from,
            periodTo: due.range.to,
            scopeName: rendered.scopeName,
            language: subscription.language,
            generatedAt: now,
            xlsx: rendered.xlsx,
            pdf: rendered.pdf,
          })
          .onConflictDoNothing()
          .returning({ id: reportArchive.id });
        if (!row) return false;
        const link = `/reports/archive?id=${row.id}`;
        await tx.update(reportSubscriptions).set({ lastDeliveredAt: now }).where(eq(reportSubscriptions.id, subscription.id));
        await notify(tx, [
          {
            userId: subscription.userId,
            kind: 'reports.delivered',
            title: rendered.title,
            link,
            titleMessage: message(`reports.notifications.delivered.${subscription.period}`, {
              from: due.range.from,
              to: due.range.to,
            }),
          },
        ]);
        for (const channel of subscription.channels) {
          if (channel === 'email' && !actor.email) continue;
          await enqueueMessage(tx, {
            channel,
            recipient: channel === 'email' ? actor.email : null,
            subject: rendered.title,
            body: `${rendered.title} · ${rendered.scopeName}\n${link}`,
            ref: `report:${row.id}:${channel}`,
            now,
          });
        }
        return true;
      });
      if (delivered) run.delivered++;
    } catch {
      run.failed++;
    }
  }
  return run;
}
