import crypto from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  message,
  type CustomerServiceSummary,
  type PublicSurvey,
  type SurveyAnswer,
  type SurveyResults,
  type SurveyTemplate,
  type surveyResultsQuerySchema,
  type surveyTemplateInputSchema,
  type surveyTemplateUpdateSchema,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso, parsePgTimestamp } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/notifications.js';
import { calendarDay, startOfCalendarDay } from '../../platform/time.js';
import { getSettings } from '../../platform/settings/settings.js';
import { customerInScope, followUpTasks } from '../customers/index.js';
import { surveyLinks, surveyTemplates } from './service.schema.js';
import { complaintsAccess, surveysAccess } from './service.access.js';
import { getServiceSettings } from './service.settings.js';
import { isDetractor, scoreSurveys } from './survey-score.js';

const DAY_MS = 86_400_000;
const newToken = () => crypto.randomBytes(24).toString('base64url');

type TemplateRow = typeof surveyTemplates.$inferSelect;

async function createLink(
  executor: Executor,
  now: Date,
  template: TemplateRow,
  target: { customerId: string; ownerId: string; complaintId?: string | null; orderId?: string | null },
): Promise<string> {
  const settings = await getServiceSettings(executor);
  const token = newToken();
  await executor.insert(surveyLinks).values({
    templateId: template.id,
    token,
    customerId: target.customerId,
    ownerId: target.ownerId,
    complaintId: target.complaintId ?? null,
    orderId: target.orderId ?? null,
    sentAt: now,
    expiresAt: new Date(now.getTime() + settings.surveyExpiryDays * DAY_MS),
  });
  return token;
}

/** After a ticket closes (R-SVC-2 trigger `ticket_closed`): one link per ticket, if an active template exists. */
export async function sendSurveyForComplaint(
  executor: Executor,
  now: Date,
  target: { complaintId: string; customerId: string; ownerId: string },
): Promise<boolean> {
  const [template] = await executor
    .select()
    .from(surveyTemplates)
    .where(sql`${surveyTemplates.trigger} = 'ticket_closed' and ${surveyTemplates.active}`)
    .orderBy(surveyTemplates.createdAt, surveyTemplates.id)
    .limit(1);
  if (!template) return false;
  const existing = await executor.execute(sql`select 1 from survey_links where complaint_id = ${target.complaintId}`);
  if (existing.rows.length) return false;
  await createLink(executor, now, template, target);
  return true;
}

/**
 * After an order is accepted (R-SVC-2 trigger `order_accepted`): a link for each order accepted in
 * the last two days that has none yet. Run by the hourly job, so the orders module needs no hook.
 */
export async function sendSurveysForAcceptedOrders(db: Executor, now: Date): Promise<number> {
  const [template] = await db
    .select()
    .from(surveyTemplates)
    .where(sql`${surveyTemplates.trigger} = 'order_accepted' and ${surveyTemplates.active}`)
    .orderBy(surveyTemplates.createdAt, surveyTemplates.id)
    .limit(1);
  if (!template) return 0;
  const orders = await db.execute<{ id: string; customer_id: string; owner_id: string }>(sql`
    select o.id, o.customer_id, o.owner_id from orders o
     where o.status = 'accepted' and o.updated_at > ${new Date(now.getTime() - 2 * DAY_MS)}
       and not exists (select 1 from survey_links l where l.order_id = o.id)
     limit 500`);
  for (const order of orders.rows) {
    await createLink(db, now, template, { customerId: order.customer_id, ownerId: order.owner_id, orderId: order.id });
  }
  return orders.rows.length;
}

function presentTemplate(row: TemplateRow & { sent?: number; answered?: number }): SurveyTemplate {
  return {
    id: row.id,
    name: row.name,
    trigger: row.trigger,
    csat: row.csat,
    nps: row.nps,
    questions: row.questions,
    active: row.active,
    script: row.script,
    tierMonths: row.tierMonths,
    sent: row.sent ?? 0,
    answered: row.answered ?? 0,
    version: row.version,
  };
}

export async function listTemplates(ctx: Ctx): Promise<SurveyTemplate[]> {
  if (!surveysAccess.can(ctx.actor, 'read') && !surveysAccess.can(ctx.actor, 'configure')) surveysAccess.require(ctx.actor, 'read');
  const rows = await ctx.db
    .select({
      t: surveyTemplates,
      sent: sql<number>`(select count(*)::int from survey_links l where l.template_id = survey_templates.id)`,
      answered: sql<number>`(select count(*)::int from survey_links l where l.template_id = survey_templates.id and l.answered_at is not null)`,
    })
    .from(surveyTemplates)
    .orderBy(surveyTemplates.createdAt, surveyTemplates.id);
  return rows.map((r) => presentTemplate({ ...r.t, sent: r.sent, answered: r.answered }));
}

function assertUniqueQuestions(questions: { id: string }[]): void {
  const seen = new Set<string>();
  questions.forEach((q, i) => {
    if (seen.has(q.id)) throw badRequest(`body.questions.${i}.id`, 'two questions share this id');
    seen.add(q.id);
  });
}

export async function createTemplate(ctx: Ctx, input: z.infer<typeof surveyTemplateInputSchema>): Promise<SurveyTemplate> {
  surveysAccess.require(ctx.actor, 'configure');
  assertUniqueQuestions(input.questions);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(surveyTemplates)
      .values({ ...input, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    await ctx.audit(tx, { action: 'create', entity: 'survey_templates', entityId: row!.id, summary: input.name });
    return presentTemplate(row!);
  });
}

export async function updateTemplate(ctx: Ctx, id: string, input: z.infer<typeof surveyTemplateUpdateSchema>): Promise<SurveyTemplate> {
  surveysAccess.require(ctx.actor, 'configure');
  assertUniqueQuestions(input.questions);
  return ctx.db.transaction(async (tx) => {
    const { version, ...values } = input;
    const [row] = await tx
      .update(surveyTemplates)
      .set({ ...values, updatedAt: ctx.now, version: version + 1 })
      .where(sql`${surveyTemplates.id} = ${id} and ${surveyTemplates.version} = ${version}`)
      .returning();
    if (!row) {
      const exists = await tx.execute(sql`select 1 from survey_templates where id = ${id}`);
      throw exists.rows.length ? conflict() : notFound('survey template');
    }
    await ctx.audit(tx, { action: 'update', entity: 'survey_templates', entityId: id, summary: input.name });
    return presentTemplate(row);
  });
}

/** Sends a survey by hand to a customer in the caller's reach; answers the public link's token. */
export async function sendSurvey(
  ctx: Ctx,
  input: { templateId: string; customerId: string },
): Promise<{ token: string; expiresAt: string }> {
  surveysAccess.require(ctx.actor, 'send');
  return ctx.db.transaction(async (tx) => {
    const customer = await customerInScope(ctx, tx, input.customerId);
    const [template] = await tx
      .select()
      .from(surveyTemplates)
      .where(sql`${surveyTemplates.id} = ${input.templateId} and ${surveyTemplates.active}`);
    if (!template) throw badRequest('body.templateId', 'no such active survey template');
    const token = await createLink(tx, ctx.now, template, { customerId: customer.id, ownerId: customer.ownerId ?? ctx.actor.id });
    await ctx.audit(tx, { action: 'create', entity: 'survey_links', entityId: customer.id, summary: template.name });
    const [link] = await tx
      .select({ expiresAt: surveyLinks.expiresAt })
      .from(surveyLinks)
      .where(sql`${surveyLinks.token} = ${token}`);
    return { token, expiresAt: iso(link!.expiresAt)! };
  });
}

/** The public answer page's data: the questions and whether the link is still open. Unknown token → 404. */
export async function getPublicSurvey(db: Executor, token: string, now: Date): Promise<PublicSurvey> {
  const rows = await db.execute<{
    answered_at: string | null;
    expires_at: string;
    csat: boolean;
    nps: boolean;
    questions: PublicSurvey['questions'];
  }>(
    sql`select l.answered_at, l.expires_at, t.csat, t.nps, t.questions from survey_links l join survey_templates t on t.id = l.template_id
         where l.token = ${token}`,
  );
  const row = rows.rows[0];
  if (!row) throw notFound('survey');
  const expiresAt = parsePgTimestamp(row.expires_at);
  return {
    status: row.answered_at ? 'answered' : expiresAt.getTime() <= now.getTime() ? 'expired' : 'open',
    csat: row.csat,
    nps: row.nps,
    questions: row.questions,
    expiresAt: iso(expiresAt)!,
  };
}

/**
 * The customer's answer through the public link (no sign-in). One answer per link: a single
 * conditional UPDATE takes it, so of two racing submissions exactly one wins (the other gets 409);
 * an expired link is refused. A detractor (R-SVC-2) gets a follow-up task for the customer's owner.
 */
export async function answerSurvey(db: Executor, token: string, answer: SurveyAnswer, now: Date): Promise<{ ok: true }> {
  const survey = await getPublicSurvey(db, token, now);
  if (survey.status === 'answered') throw new AppError('conflict', 'this survey has already been answered');
  if (survey.status === 'expired') throw new AppError('rule', 'this survey link has expired', { rule: 'R-SVC-2' });
  const taken = await takeAnswer(db, sql`l.token = ${token} and l.expires_at > ${now}`, survey, answer, now, null);
  if (!taken) throw new AppError('conflict', 'this survey has already been answered');
  return { ok: true };
}

/**
 * Checks an answer against the survey's questions and records it on the one unanswered link `where`
 * picks (a conditional UPDATE, so of two racing answers one wins; false for the loser). A detractor
 * (R-SVC-2) gets a follow-up task for the customer's owner. `answeredById`: the rep who entered a
 * phone revisit's answer (null: the customer on the public page).
 */
export async function takeAnswer(
  db: Executor,
  where: SQL,
  survey: Pick<PublicSurvey, 'csat' | 'nps' | 'questions'>,
  answer: SurveyAnswer,
  now: Date,
  answeredById: string | null,
): Promise<boolean> {
  const csat = survey.csat ? (answer.csat ?? null) : null;
  const nps = survey.nps ? (answer.nps ?? null) : null;
  if (!survey.csat && answer.csat != null) throw badRequest('body.csat', 'this survey does not ask for a satisfaction score');
  if (!survey.nps && answer.nps != null) throw badRequest('body.nps', 'this survey does not ask how likely a recommendation is');
  const ids = new Set(survey.questions.map((q) => q.id));
  for (const key of Object.keys(answer.answers ?? {})) if (!ids.has(key)) throw badRequest(`body.answers.${key}`, 'no such question');
  if (csat === null && nps === null && !Object.values(answer.answers ?? {}).some(Boolean) && !answer.comment)
    throw badRequest('body', 'answer at least one question');
  const taken = await db.execute<{ id: string; customer_id: string; owner_id: string; customer_name: string }>(sql`
    update survey_links l set answered_at = ${now}, csat = ${csat}, nps = ${nps},
           answers = ${JSON.stringify(answer.answers ?? {})}::jsonb, comment = ${answer.comment ?? null}, answered_by_id = ${answeredById}
      from customers c
     where ${where} and l.answered_at is null and c.id = l.customer_id
     returning l.id, l.customer_id, l.owner_id, c.name as customer_name`);
  const link = taken.rows[0];
  if (!link) return false;
  if (isDetractor({ csat, nps })) {
    const [task] = await db
      .insert(followUpTasks)
      .values({
        customerId: link.customer_id,
        ownerId: link.owner_id,
        title: `满意度回访：${link.customer_name}`,
        dueAt: new Date(now.getTime() + DAY_MS),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: followUpTasks.id });
    await db.execute(sql`update survey_links set follow_up_task_id = ${task!.id} where id = ${link.id}`);
    await notify(db, [
      {
        userId: link.owner_id,
        kind: 'service.detractor',
        title: link.customer_name,
        titleMessage: message('service.messages.detractor', { customer: link.customer_name }),
        link: `/customers/${link.customer_id}?tab=service`,
      },
    ]);
  }
  return true;
}

type Answered = {
  id: string;
  csat: number | null;
  nps: number | null;
  answered_at: string;
  owner_id: string;
  owner_name: string | null;
  unit_id: string | null;
  unit_name: string | null;
  customer_id: string;
  customer_name: string;
  template_name: string;
  comment: string | null;
  order_id: string | null;
};

function groupScores<K>(rows: Answered[], key: (row: Answered) => K) {
  const groups = new Map<K, Answered[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return [...groups.entries()].map(([k, list]) => ({ key: k, first: list[0]!, scores: scoreSurveys(list) }));
}

/** Survey results in the caller's reach (R-SEC-1 on the customer's owner): overall, by month, rep and team, recent answers. */
export async function surveyResults(ctx: Ctx, query: z.infer<typeof surveyResultsQuerySchema>): Promise<SurveyResults> {
  surveysAccess.require(ctx.actor, 'read');
  const { timeZone } = await getSettings(ctx.db);
  if (query.from && query.to && query.from > query.to) throw badRequest('querystring.to', 'the end date is before the start date');
  const filters: SQL[] = [sql`l.answered_at is not null`, surveysAccess.where(ctx.actor, 'read', sql`l.owner_id`)];
  if (query.from) filters.push(sql`l.answered_at >= ${startOfCalendarDay(Date.parse(`${query.from}T00:00:00Z`), timeZone)}`);
  if (query.to) filters.push(sql`l.answered_at < ${startOfCalendarDay(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS, timeZone)}`);
  if (query.customerId) filters.push(sql`l.customer_id = ${query.customerId}`);
  if (query.ownerId) filters.push(sql`l.owner_id = ${query.ownerId}`);
  const rows = await ctx.db.execute<Answered>(sql`
    select l.id, l.csat, l.nps, l.answered_at, l.owner_id, o.display_name as owner_name, o.org_unit_id as unit_id, u.name as unit_name,
           l.customer_id, c.name as customer_name, t.name as template_name, l.comment,
           coalesce(l.order_id, (select k.order_id from complaints k where k.id = l.complaint_id)) as order_id
      from survey_links l join users o on o.id = l.owner_id left join org_units u on u.id = o.org_unit_id
      join customers c on c.id = l.customer_id join survey_templates t on t.id = l.template_id
     where ${sql.join(filters, sql` and `)}
     order by l.answered_at desc, l.id
     limit 20000`);
  const list = rows.rows.map((r) => ({ ...r, csat: r.csat === null ? null : Number(r.csat), nps: r.nps === null ? null : Number(r.nps) }));
  const month = (r: Answered) => {
    return new Date(calendarDay(parsePgTimestamp(r.answered_at), timeZone)).toISOString().slice(0, 7);
  };
  // Scores per product: an answer about an order (or a ticket on one) counts for each product on it.
  const orderIds = [...new Set(list.flatMap((r) => (r.order_id ? [r.order_id] : [])))];
  const productRows = orderIds.length
    ? (
        await ctx.db.execute<{ order_id: string; product_id: string; product_name: string }>(sql`
          select distinct ol.order_id, p.id as product_id, p.name as product_name
            from order_lines ol join products p on p.id = ol.product_id
           where ol.order_id = any(${sql.param(orderIds)}::uuid[])`)
      ).rows
    : [];
  const productsOf = new Map<string, { id: string; name: string }[]>();
  for (const row of productRows)
    productsOf.set(row.order_id, [...(productsOf.get(row.order_id) ?? []), { id: row.product_id, name: row.product_name }]);
  const byProduct = new Map<string, { name: string; rows: Answered[] }>();
  for (const row of list)
    for (const product of row.order_id ? (productsOf.get(row.order_id) ?? []) : []) {
      const entry = byProduct.get(product.id) ?? { name: product.name, rows: [] };
      entry.rows.push(row);
      byProduct.set(product.id, entry);
    }
  return {
    overall: scoreSurveys(list),
    byMonth: groupScores(list, month)
      .map((g) => ({ month: g.key, ...g.scores }))
      .sort((a, b) => a.month.localeCompare(b.month)),
    byOwner: groupScores(list, (r) => r.owner_id)
      .map((g) => ({ ownerId: g.key, ownerName: g.first.owner_name ?? '', ...g.scores }))
      .sort((a, b) => b.responses - a.responses),
    byTeam: groupScores(list, (r) => r.unit_id)
      .map((g) => ({ orgUnitId: g.key, orgUnitName: g.first.unit_name, ...g.scores }))
      .sort((a, b) => b.responses - a.responses),
    byProduct: [...byProduct.entries()]
      .map(([productId, entry]) => ({ productId, productName: entry.name, ...scoreSurveys(entry.rows) }))
      .sort((a, b) => b.responses - a.responses || a.productName.localeCompare(b.productName)),
    teamTrend: groupScores(list, (r) => `${r.unit_id ?? ''}|${month(r)}`)
      .map((g) => ({ orgUnitId: g.first.unit_id, orgUnitName: g.first.unit_name, month: month(g.first), ...g.scores }))
      .sort((a, b) => a.month.localeCompare(b.month) || (a.orgUnitName ?? '').localeCompare(b.orgUnitName ?? '')),
    recent: list.slice(0, 50).map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      customerName: r.customer_name,
      ownerName: r.owner_name,
      templateName: r.template_name,
      csat: r.csat,
      nps: r.nps,
      comment: r.comment,
      answeredAt: iso(r.answered_at)!,
      detractor: isDetractor(r),
    })),
  };
}

/** The customer page's service card: open and open critical complaints in reach, and the customer's scores. */
export async function customerServiceSummary(ctx: Ctx, customerId: string): Promise<CustomerServiceSummary> {
  await customerInScope(ctx, ctx.db, customerId, 'params.id').catch(() => {
    throw notFound('customer');
  });
  const [open, answers] = await Promise.all([
    complaintsAccess.can(ctx.actor, 'read')
      ? ctx.db.execute<{ open: number; critical: number }>(sql`
          select count(*)::int as open, count(*) filter (where priority = 'critical')::int as critical
            from complaints where customer_id = ${customerId} and status <> 'closed'`)
      : Promise.resolve({ rows: [{ open: 0, critical: 0 }] }),
    surveysAccess.can(ctx.actor, 'read')
      ? ctx.db.execute<{ csat: number | null; nps: number | null }>(sql`
          select csat, nps from survey_links l where l.customer_id = ${customerId} and l.answered_at is not null
             and ${surveysAccess.where(ctx.actor, 'read', sql`l.owner_id`)}`)
      : Promise.resolve({ rows: [] as { csat: number | null; nps: number | null }[] }),
  ]);
  return {
    openComplaints: open.rows[0]!.open,
    openCritical: open.rows[0]!.critical,
    scores: scoreSurveys(
      answers.rows.map((r) => ({ csat: r.csat === null ? null : Number(r.csat), nps: r.nps === null ? null : Number(r.nps) })),
    ),
  };
}
