import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import {
  promotionReady,
  scoreReview,
  type acknowledgeInputSchema,
  type appealDecisionSchema,
  type appealInputSchema,
  type cycleInputSchema,
  type CycleKind,
  type reviewFeedbackInputSchema,
  type Grade,
  type KpiFigure,
  type KpiItem,
  type KpiScore,
  type KpiTemplate,
  type KpiTemplateInput,
  type PerformanceReview,
  type peersInputSchema,
  type ratingInputSchema,
  type RaterWeights,
  type ReviewComparison,
  type ReviewCycle,
  type reviewListQuerySchema,
  type reviewListSchema,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { badRequest, conflict, forbidden, notFound, ruleViolation } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/notifications.js';
import { performanceAccess } from './performance.access.js';
import { getSettings } from '../../platform/settings/settings.js';
import { startOfCalendarDay } from '../../platform/time.js';
import { createLinkedTask, deleteLinkedTasks, setLinkedTaskDone } from '../customers/index.js';
import { computeFigures, type Period } from './performance.figures.js';
import { getPerformanceSettings } from './performance.settings.js';

/** M6 reviews (issue 19 items 1–3): templates, cycles, one review per person, raters, feedback, appeals. */

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const day = (value: Date | string) => (typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10));

// ——— templates ———

type TemplateRow = {
  id: string;
  name: string;
  role: KpiTemplate['role'];
  cycle_kind: CycleKind;
  items: KpiItem[];
  rater_weights: RaterWeights;
  active: boolean;
  version: number;
};
const templateOf = (row: TemplateRow): KpiTemplate => ({
  id: row.id,
  name: row.name,
  role: row.role,
  cycleKind: row.cycle_kind,
  items: row.items,
  raterWeights: row.rater_weights,
  active: row.active,
  version: row.version,
});

export async function listTemplates(ctx: Ctx): Promise<{ rows: KpiTemplate[] }> {
  if (!performanceAccess.can(ctx.actor, 'manage') && !performanceAccess.can(ctx.actor, 'feedback')) throw forbidden();
  const result = await ctx.db.execute<TemplateRow>(sql`select * from kpi_templates order by active desc, created_at`);
  return { rows: result.rows.map(templateOf) };
}

async function templateById(db: Executor, id: string): Promise<KpiTemplate> {
  const result = await db.execute<TemplateRow>(sql`select * from kpi_templates where id = ${id}`);
  if (!result.rows[0]) throw notFound('KPI template');
  return templateOf(result.rows[0]);
}

export async function createTemplate(ctx: Ctx, input: KpiTemplateInput): Promise<KpiTemplate> {
  performanceAccess.require(ctx.actor, 'manage');
  return ctx.db.transaction(async (tx) => {
    const result = await tx.execute<{ id: string }>(sql`
      insert into kpi_templates (name, role, cycle_kind, items, rater_weights)
      values (${input.name}, ${input.role}, ${input.cycleKind}, ${JSON.stringify(input.items)}::jsonb, ${JSON.stringify(input.raterWeights)}::jsonb)
      returning id`);
    const id = result.rows[0]!.id;
    await ctx.audit(tx, {
      action: 'create',
      entity: 'kpi_templates',
      entityId: id,
      changes: { name: [null, input.name], role: [null, input.role] },
    });
    return templateById(tx, id);
  });
}

export async function updateTemplate(ctx: Ctx, id: string, input: { template: KpiTemplateInput; version: number }): Promise<KpiTemplate> {
  performanceAccess.require(ctx.actor, 'manage');
  return ctx.db.transaction(async (tx) => {
    const before = await templateById(tx, id);
    const t = input.template;
    const result = await tx.execute(sql`
      update kpi_templates set name = ${t.name}, role = ${t.role}, cycle_kind = ${t.cycleKind}, items = ${JSON.stringify(t.items)}::jsonb,
             rater_weights = ${JSON.stringify(t.raterWeights)}::jsonb, updated_at = ${ctx.now}, version = version + 1
       where id = ${id} and version = ${input.version}`);
    if (result.rowCount === 0) throw conflict();
    await ctx.audit(tx, { action: 'update', entity: 'kpi_templates', entityId: id, changes: { name: [before.name, t.name] } });
    return templateById(tx, id);
  });
}

// ——— cycles ———

/** The month, quarter or year containing `date`. */
export function cyclePeriod(kind: CycleKind, date: string): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const first = kind === 'month' ? month : kind === 'quarter' ? Math.floor((month - 1) / 3) * 3 + 1 : 1;
  const last = kind === 'month' ? month : kind === 'quarter' ? first + 2 : 12;
  const lastDay = new Date(Date.UTC(year, last, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(lastDay)}` };
}

type CycleRow = {
  id: string;
  template_id: string;
  template_name: string;
  kind: CycleKind;
  period_from: string | Date;
  period_to: string | Date;
  status: 'open' | 'closed';
  closed_at: Date | null;
  reviews: number;
  version: number;
};

async function distributionWarnings(db: Executor, cycleId: string): Promise<ReviewCycle['distributionWarnings']> {
  const settings = await getPerformanceSettings(db);
  if (!settings.forcedDistribution.enabled) return [];
  const result = await db.execute<{ team: string; a: number; n: number }>(sql`
    select coalesce(min(u2.name), '—') as team, count(*) filter (where r.grade = 'A')::int as a, count(*)::int as n
      from performance_reviews r join users u on u.id = r.person_id left join org_units u2 on u2.id = u.org_unit_id
     where r.cycle_id = ${cycleId} and r.grade is not null
     group by u.org_unit_id`);
  return result.rows.flatMap((row) => {
    const maxA = Math.floor((row.n * settings.forcedDistribution.maxAPct) / 100);
    return row.a > maxA ? [{ team: row.team, aCount: row.a, reviews: row.n, maxA }] : [];
  });
}

async function cycleById(db: Executor, id: string): Promise<ReviewCycle> {
  const result = await db.execute<CycleRow>(sql`
    select c.*, t.name as template_name, (select count(*)::int from performance_reviews r where r.cycle_id = c.id) as reviews
      from review_cycles c join kpi_templates t on t.id = c.template_id where c.id = ${id}`);
  const row = result.rows[0];
  if (!row) throw notFound('review cycle');
  return {
    id: row.id,
    templateId: row.template_id,
    templateName: row.template_name,
    kind: row.kind,
    periodFrom: day(row.period_from),
    periodTo: day(row.period_to),
    status: row.status,
    reviews: row.reviews,
    closedAt: iso(row.closed_at),
    distributionWarnings: await distributionWarnings(db, row.id),
    version: row.version,
  };
}

export async function listCycles(ctx: Ctx): Promise<{ rows: ReviewCycle[] }> {
  if (!performanceAccess.can(ctx.actor, 'manage') && !performanceAccess.can(ctx.actor, 'feedback')) throw forbidden();
  const result = await ctx.db.execute<{ id: string }>(
    sql`select id from review_cycles order by period_from desc, created_at desc limit 100`,
  );
  return { rows: await Promise.all(result.rows.map((row) => cycleById(ctx.db, row.id))) };
}

export async function getCycle(ctx: Ctx, id: string): Promise<ReviewCycle> {
  if (!performanceAccess.can(ctx.actor, 'manage') && !performanceAccess.can(ctx.actor, 'feedback')) throw forbidden();
  return cycleById(ctx.db, id);
}

/** Opens a cycle: one review per active person in the template's role, the supervisor as first rater, figures computed. */
export async function openCycle(ctx: Ctx, input: z.infer<typeof cycleInputSchema>): Promise<ReviewCycle> {
  performanceAccess.require(ctx.actor, 'manage');
  const template = await templateById(ctx.db, input.templateId);
  if (!template.active) throw badRequest('body.templateId', 'the template is retired');
  const period = cyclePeriod(template.cycleKind, input.date);
  const id = await ctx.db.transaction(async (tx) => {
    const exists = await tx.execute(sql`select 1 from review_cycles where template_id = ${template.id} and period_from = ${period.from}`);
    if (exists.rows.length) throw badRequest('body.date', 'a cycle of this template is already open for that period');
    const created = await tx.execute<{ id: string }>(sql`
      insert into review_cycles (template_id, kind, period_from, period_to, opened_by_id)
      values (${template.id}, ${template.cycleKind}, ${period.from}, ${period.to}, ${ctx.actor.id}) returning id`);
    const cycleId = created.rows[0]!.id;
    await tx.execute(sql`
      insert into performance_reviews (cycle_id, person_id, supervisor_id)
      select ${cycleId}, u.id, u.manager_id from users u where not u.disabled and ${template.role} = any(u.roles)`);
    await tx.execute(sql`
      insert into review_raters (review_id, rater_id, kind)
      select r.id, r.supervisor_id, 'supervisor' from performance_reviews r where r.cycle_id = ${cycleId} and r.supervisor_id is not null`);
    await ctx.audit(tx, {
      action: 'create',
      entity: 'review_cycles',
      entityId: cycleId,
      changes: { period: [null, `${period.from}..${period.to}`] },
    });
    await notifyPeople(tx, cycleId, 'performance.cycle_opened');
    return cycleId;
  });
  await computeCycle(ctx, id);
  return cycleById(ctx.db, id);
}

async function notifyPeople(db: Executor, cycleId: string, kind: string) {
  const rows = await db.execute<{ id: string; person_id: string }>(
    sql`select id, person_id from performance_reviews where cycle_id = ${cycleId}`,
  );
  await notify(
    db,
    rows.rows.map((row) => ({
      userId: row.person_id,
      kind,
      title: kind === 'performance.cycle_opened' ? '绩效考核已开始' : '绩效考核结果已发布',
      link: `/performance/reviews/${row.id}`,
      titleMessage: { key: `performance.notifications.${kind.split('.')[1]}`, params: {} },
    })),
  );
}

/** Computes every open review's figures as of the cycle end (R-KPI-1 inputs) and rescores. */
async function computeCycle(ctx: Ctx, cycleId: string): Promise<void> {
  const cycle = await cycleById(ctx.db, cycleId);
  const template = await templateById(ctx.db, cycle.templateId);
  const people = await ctx.db.execute<{ id: string; person_id: string }>(
    sql`select id, person_id from performance_reviews where cycle_id = ${cycleId} and status = 'open'`,
  );
  const figures = await computeFigures(
    ctx,
    template.items,
    people.rows.map((row) => row.person_id),
    { from: cycle.periodFrom, to: cycle.periodTo },
  );
  // Written and rescored for the whole cycle at once: one update of the figures, one batched rescore.
  const computed = people.rows.map((row) => {
    const person = figures.get(row.person_id)!;
    return { id: row.id, figures: person.figures, customer: person.customer };
  });
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`
      update performance_reviews r set figures = x.figures, customer_score = x.customer, computed_at = ${ctx.now}
        from jsonb_to_recordset(${JSON.stringify(computed)}::jsonb) as x(id uuid, figures jsonb, customer jsonb)
       where r.id = x.id and r.status = 'open'`);
    await rescoreReviews(
      tx,
      computed.map((row) => row.id),
    );
  });
}

export async function recomputeCycle(ctx: Ctx, id: string): Promise<ReviewCycle> {
  performanceAccess.require(ctx.actor, 'manage');
  const cycle = await cycleById(ctx.db, id);
  if (cycle.status === 'closed') throw badRequest('params.id', 'the cycle is closed; its figures are frozen');
  await computeCycle(ctx, id);
  return cycleById(ctx.db, id);
}

/** Closes a cycle: figures computed a last time as of the cycle end, then frozen with the scores. */
export async function closeCycle(ctx: Ctx, id: string, input: { version: number }): Promise<ReviewCycle> {
  performanceAccess.require(ctx.actor, 'manage');
  const cycle = await cycleById(ctx.db, id);
  if (cycle.status === 'closed') throw badRequest('params.id', 'the cycle is already closed');
  if (cycle.version !== input.version) throw conflict();
  await computeCycle(ctx, id);
  await ctx.db.transaction(async (tx) => {
    const result = await tx.execute(
      sql`update review_cycles set status = 'closed', closed_at = ${ctx.now}, version = version + 1 where id = ${id} and version = ${input.version}`,
    );
    if (result.rowCount === 0) throw conflict();
    await tx.execute(
      sql`update performance_reviews set status = 'closed', updated_at = ${ctx.now}, version = version + 1 where cycle_id = ${id}`,
    );
    await ctx.audit(tx, { action: 'update', entity: 'review_cycles', entityId: id, changes: { status: ['open', 'closed'] } });
    await notifyPeople(tx, id, 'performance.cycle_closed');
  });
  return cycleById(ctx.db, id);
}

// ——— scoring ———

/** Recomputes a review's scores from its figures, ratings and upheld appeals (R-KPI-1), in the caller's transaction. */
export async function rescore(db: Executor, reviewId: string): Promise<void> {
  await rescoreReviews(db, [reviewId]);
}

/** `rescore` for many reviews at once (a cycle's compute): three reads and one update, whatever their number. */
async function rescoreReviews(db: Executor, reviewIds: string[]): Promise<void> {
  if (reviewIds.length === 0) return;
  const ids = sql`${sql.param(reviewIds)}::uuid[]`;
  const result = await db.execute<{
    id: string;
    items: KpiItem[];
    rater_weights: RaterWeights;
    figures: KpiFigure[];
    customer_score: { score: number; answers: number } | null;
  }>(sql`
    select r.id, t.items, t.rater_weights, r.figures, r.customer_score
      from performance_reviews r join review_cycles c on c.id = r.cycle_id join kpi_templates t on t.id = c.template_id
     where r.id = any(${ids})`);
  const settings = await getPerformanceSettings(db);
  const raters = await db.execute<{ review_id: string; kind: 'supervisor' | 'peer'; scores: Record<string, number> | null }>(
    sql`select review_id, kind, scores from review_raters where review_id = any(${ids}) and submitted_at is not null`,
  );
  const appeals = await db.execute<{ review_id: string; item_key: string; new_score: string }>(
    sql`select review_id, item_key, new_score from review_appeals
         where review_id = any(${ids}) and status = 'upheld' and new_score is not null`,
  );
  const scoredRows = result.rows.map((row) => {
    const values = Object.fromEntries(
      row.figures.map((figure) => [
        figure.key,
        // R-KPI-1: satisfaction counts only from the minimum number of answers (no single customer identifiable).
        row.items.find((item) => item.key === figure.key)?.source === 'satisfaction' && (figure.count ?? 0) < settings.minCustomerAnswers
          ? null
          : figure.value,
      ]),
    );
    const mine = raters.rows.filter((r) => r.review_id === row.id);
    const scored = scoreReview({
      items: row.items,
      values,
      raters: {
        supervisor: mine.find((r) => r.kind === 'supervisor')?.scores ?? null,
        peers: mine.filter((r) => r.kind === 'peer').map((r) => r.scores ?? {}),
        customer: row.customer_score,
      },
      raterWeights: row.rater_weights,
      settings,
      overrides: Object.fromEntries(appeals.rows.filter((a) => a.review_id === row.id).map((a) => [a.item_key, Number(a.new_score)])),
    });
    return { id: row.id, scores: scored.scores, total: scored.total, grade: scored.grade };
  });
  await db.execute(sql`
    update performance_reviews r set scores = x.scores, total = x.total, grade = x.grade
      from jsonb_to_recordset(${JSON.stringify(scoredRows)}::jsonb) as x(id uuid, scores jsonb, total numeric, grade text)
     where r.id = x.id`);
}

// ——— reviews ———

type ReviewRow = {
  id: string;
  cycle_id: string;
  kind: CycleKind;
  period_from: string | Date;
  period_to: string | Date;
  template_name: string;
  person_id: string;
  person_name: string;
  team_name: string | null;
  supervisor_id: string | null;
  supervisor_name: string | null;
  supervisor_manager_id: string | null;
  status: 'open' | 'closed';
  total: string | null;
  grade: Grade | null;
  scores: KpiScore[];
  figures: KpiFigure[];
  customer_score: { score: number; answers: number } | null;
  computed_at: Date | null;
  strengths: string | null;
  gaps: string | null;
  feedback_at: Date | null;
  feedback_by_name: string | null;
  acknowledged_at: Date | null;
  person_comment: string | null;
  version: number;
  can_read: boolean;
  can_feedback: boolean;
  can_decide: boolean;
  my_rater_kind: 'supervisor' | 'peer' | null;
};

const REVIEW_FROM = sql`
  from performance_reviews r
  join review_cycles c on c.id = r.cycle_id
  join kpi_templates t on t.id = c.template_id
  join users p on p.id = r.person_id
  left join org_units ou on ou.id = p.org_unit_id
  left join users s on s.id = r.supervisor_id
  left join users fb on fb.id = r.feedback_by_id`;

function reviewSelect(ctx: Ctx): SQL {
  const a = ctx.actor;
  return sql`
    select r.*, c.kind, c.period_from, c.period_to, t.name as template_name, p.display_name as person_name, ou.name as team_name,
           s.display_name as supervisor_name, s.manager_id as supervisor_manager_id, fb.display_name as feedback_by_name,
           coalesce((${performanceAccess.where(a, 'read', sql`r.person_id`)}), false) as can_read,
           coalesce((${performanceAccess.where(a, 'feedback', sql`r.person_id`)}), false) and r.person_id <> ${a.id} as can_feedback,
           coalesce((${performanceAccess.where(a, 'decide', sql`r.person_id`)}), false) and r.person_id <> ${a.id}
             and coalesce(r.supervisor_id <> ${a.id}, true) as can_decide,
           (select rr.kind from review_raters rr where rr.review_id = r.id and rr.rater_id = ${a.id}) as my_rater_kind
    ${REVIEW_FROM}`;
}

/** The review as the actor may see it: read scope, or a rater of it (then only the rating form's part). */
async function reviewRow(ctx: Ctx, db: Executor, id: string, lock = false): Promise<ReviewRow> {
  const result = await db.execute<ReviewRow>(sql`${reviewSelect(ctx)} where r.id = ${id} ${lock ? sql`for update of r` : sql``}`);
  const row = result.rows[0];
  if (!row || (!row.can_read && !row.my_rater_kind)) throw notFound('review');
  return row;
}

async function presentReview(ctx: Ctx, db: Executor, row: ReviewRow): Promise<PerformanceReview> {
  const isPerson = row.person_id === ctx.actor.id;
  const raterOnly = !row.can_read;
  const raters = await db.execute<{
    rater_id: string;
    rater_name: string;
    kind: 'supervisor' | 'peer';
    scores: Record<string, number> | null;
    comment: string | null;
    submitted_at: Date | null;
  }>(sql`
    select rr.rater_id, u.display_name as rater_name, rr.kind, rr.scores, rr.comment, rr.submitted_at
      from review_raters rr join users u on u.id = rr.rater_id where rr.review_id = ${row.id} order by rr.kind desc, u.display_name`);
  const visibleRaters = raters.rows
    .filter((r) => !raterOnly || r.rater_id === ctx.actor.id)
    .map((r) => {
      // Peers are anonymous to the person (000 多维度评分体系), never to the supervisor or the auditor.
      const anonymous = isPerson && r.kind === 'peer';
      return {
        raterId: anonymous ? null : r.rater_id,
        raterName: anonymous ? null : r.rater_name,
        kind: r.kind,
        submittedAt: iso(r.submitted_at),
        scores: r.scores,
        comment: r.comment,
      };
    });
  const actions = raterOnly
    ? []
    : (
        await db.execute<{
          id: string;
          action: string;
          owner_id: string;
          owner_name: string;
          due_on: string | Date;
          done_at: Date | null;
        }>(sql`
          select a.id, a.action, a.owner_id, u.display_name as owner_name, a.due_on, case when t.id is null then a.done_at else t.done_at end as done_at
            from review_actions a join users u on u.id = a.owner_id left join follow_up_tasks t on t.id = a.task_id
           where a.review_id = ${row.id} order by a.due_on, a.created_at`)
      ).rows.map((a) => ({
        id: a.id,
        action: a.action,
        ownerId: a.owner_id,
        ownerName: a.owner_name,
        dueOn: day(a.due_on),
        doneAt: iso(a.done_at),
      }));
  const appeals = raterOnly
    ? []
    : (
        await db.execute<{
          id: string;
          item_key: string;
          reason: string;
          status: 'pending' | 'upheld' | 'rejected';
          decider_id: string | null;
          decider_name: string | null;
          decision_note: string | null;
          new_score: string | null;
          created_at: Date;
          decided_at: Date | null;
        }>(sql`
          select a.*, u.display_name as decider_name from review_appeals a left join users u on u.id = a.decider_id
           where a.review_id = ${row.id} order by a.created_at`)
      ).rows.map((a) => ({
        id: a.id,
        itemKey: a.item_key,
        reason: a.reason,
        status: a.status,
        deciderId: a.decider_id,
        deciderName: a.decider_name,
        decisionNote: a.decision_note,
        newScore: a.new_score === null ? null : Number(a.new_score),
        createdAt: iso(a.created_at)!,
        decidedAt: iso(a.decided_at),
      }));
  const recent = raterOnly ? [] : await recentGrades(db, row.person_id);
  const settings = await getPerformanceSettings(db);
  const customerAnswers = row.customer_score?.answers ?? 0;
  const canDecide =
    row.can_decide && (row.supervisor_manager_id === ctx.actor.id || performanceAccess.scopes(ctx.actor, 'decide').includes('all'));
  return {
    id: row.id,
    cycleId: row.cycle_id,
    cycleKind: row.kind,
    periodFrom: day(row.period_from),
    periodTo: day(row.period_to),
    templateName: row.template_name,
    personId: row.person_id,
    personName: row.person_name,
    teamName: row.team_name,
    supervisorId: row.supervisor_id,
    supervisorName: row.supervisor_name,
    status: row.status,
    total: raterOnly || row.total === null ? null : Number(row.total),
    grade: raterOnly ? null : row.grade,
    // A peer's form lists the rated KPIs only; nobody sees a customer group below the minimum count.
    scores: raterOnly
      ? row.scores.filter((s) => s.source === 'rated').map((s) => ({ ...s, score: null, weighted: 0, raters: null }))
      : row.scores,
    figures: raterOnly ? [] : row.figures,
    computedAt: iso(row.computed_at),
    raters: visibleRaters,
    customerAnswers: raterOnly || customerAnswers < settings.minCustomerAnswers ? 0 : customerAnswers,
    feedback:
      raterOnly || row.feedback_at === null
        ? null
        : { strengths: row.strengths ?? '', gaps: row.gaps ?? '', recordedAt: iso(row.feedback_at)!, recordedByName: row.feedback_by_name },
    actions,
    acknowledgedAt: iso(row.acknowledged_at),
    personComment: raterOnly ? null : row.person_comment,
    appeals,
    recentGrades: recent,
    promotionReady: promotionReady(recent),
    abilities: {
      rate: row.status === 'open' && row.my_rater_kind !== null,
      choosePeers: row.status === 'open' && row.can_feedback,
      feedback: row.can_feedback,
      acknowledge: isPerson && row.feedback_at !== null && row.acknowledged_at === null,
      appeal: isPerson && row.status === 'closed',
      decide: canDecide,
    },
    version: row.version,
  };
}

async function recentGrades(db: Executor, personId: string): Promise<Grade[]> {
  const result = await db.execute<{ grade: Grade }>(sql`
    select r.grade from performance_reviews r join review_cycles c on c.id = r.cycle_id
     where r.person_id = ${personId} and r.status = 'closed' and r.grade is not null
     order by c.period_to desc limit 4`);
  return result.rows.map((row) => row.grade);
}

export async function getReview(ctx: Ctx, id: string): Promise<PerformanceReview> {
  if (!performanceAccess.can(ctx.actor, 'read') && !performanceAccess.can(ctx.actor, 'rate')) throw forbidden();
  return presentReview(ctx, ctx.db, await reviewRow(ctx, ctx.db, id));
}

export async function listReviews(ctx: Ctx, query: z.infer<typeof reviewListQuerySchema>): Promise<z.infer<typeof reviewListSchema>> {
  const a = ctx.actor;
  let where: SQL;
  if (query.scope === 'rate') {
    performanceAccess.require(a, 'rate');
    where = sql`exists (select 1 from review_raters rr where rr.review_id = r.id and rr.rater_id = ${a.id}) and r.status = 'open'`;
  } else {
    performanceAccess.require(a, 'read');
    const scope = performanceAccess.where(a, 'read', sql`r.person_id`);
    where = query.scope === 'mine' ? sql`r.person_id = ${a.id}` : query.scope === 'team' ? sql`${scope} and r.person_id <> ${a.id}` : scope;
  }
  if (query.cycleId) where = sql`${where} and r.cycle_id = ${query.cycleId}`;
  const result = await ctx.db.execute<{
    id: string;
    cycle_id: string;
    period_from: string | Date;
    period_to: string | Date;
    template_name: string;
    person_id: string;
    person_name: string;
    team_name: string | null;
    status: 'open' | 'closed';
    total: string | null;
    grade: Grade | null;
    acknowledged_at: Date | null;
    can_read: boolean;
    pending_appeals: number;
    my_rating: 'none' | 'pending' | 'done';
    grades: Grade[] | null;
  }>(sql`
    select r.id, r.cycle_id, c.period_from, c.period_to, t.name as template_name, r.person_id, p.display_name as person_name,
           ou.name as team_name, r.status, r.total, r.grade, r.acknowledged_at,
           coalesce((${performanceAccess.where(a, 'read', sql`r.person_id`)}), false) as can_read,
           (select count(*)::int from review_appeals ap where ap.review_id = r.id and ap.status = 'pending') as pending_appeals,
           coalesce((select case when rr.submitted_at is null then 'pending' else 'done' end from review_raters rr
                      where rr.review_id = r.id and rr.rater_id = ${a.id}), 'none') as my_rating,
           (select array_agg(g.grade order by gc.period_to desc) from performance_reviews g join review_cycles gc on gc.id = g.cycle_id
             where g.person_id = r.person_id and g.status = 'closed' and g.grade is not null) as grades
    ${REVIEW_FROM}
    where ${where}
    order by c.period_to desc, p.display_name
    limit 500`);
  return {
    rows: result.rows.map((row) => ({
      id: row.id,
      cycleId: row.cycle_id,
      periodFrom: day(row.period_from),
      periodTo: day(row.period_to),
      templateName: row.template_name,
      personId: row.person_id,
      personName: row.person_name,
      teamName: row.team_name,
      status: row.status,
      total: row.can_read && row.total !== null ? Number(row.total) : null,
      grade: row.can_read ? row.grade : null,
      acknowledgedAt: row.can_read ? iso(row.acknowledged_at) : null,
      promotionReady: row.can_read && promotionReady(row.grades ?? []),
      pendingAppeals: row.can_read ? row.pending_appeals : 0,
      myRating: row.my_rating,
    })),
  };
}

/** The supervisor (or someone above on the person's line) chooses the peers who rate (anonymous to the person). */
export async function setPeers(ctx: Ctx, id: string, input: z.infer<typeof peersInputSchema>): Promise<PerformanceReview> {
  performanceAccess.require(ctx.actor, 'feedback');
  return ctx.db.transaction(async (tx) => {
    const row = await reviewRow(ctx, tx, id, true);
    if (!row.can_feedback) throw notFound('review');
    if (row.status !== 'open') throw badRequest('params.id', 'the review is closed');
    if (row.version !== input.version) throw conflict();
    const peerIds = [...new Set(input.peerIds)];
    if (peerIds.includes(row.person_id)) throw badRequest('body.peerIds', 'a person does not rate themselves as a peer');
    if (row.supervisor_id && peerIds.includes(row.supervisor_id)) throw badRequest('body.peerIds', 'the supervisor rates as supervisor');
    if (peerIds.length) {
      const known = await tx.execute<{ n: number }>(
        sql`select count(*)::int as n from users where id = any(${sql.param(peerIds)}::uuid[]) and not disabled`,
      );
      if (known.rows[0]!.n !== peerIds.length) throw badRequest('body.peerIds', 'unknown or disabled user');
    }
    // Peers who already rated stay; the others are replaced by the new choice.
    await tx.execute(sql`
      delete from review_raters where review_id = ${id} and kind = 'peer' and submitted_at is null
         and not (rater_id = any(${sql.param(peerIds)}::uuid[]))`);
    for (const peerId of peerIds) {
      await tx.execute(sql`insert into review_raters (review_id, rater_id, kind) values (${id}, ${peerId}, 'peer') on conflict do nothing`);
    }
    await tx.execute(sql`update performance_reviews set version = version + 1, updated_at = ${ctx.now} where id = ${id}`);
    await notify(
      tx,
      peerIds.map((userId) => ({
        userId,
        kind: 'performance.rate',
        title: '请完成同事互评',
        link: `/performance/reviews/${id}`,
        titleMessage: { key: 'performance.notifications.rate', params: {} },
      })),
    );
    await ctx.audit(tx, { action: 'update', entity: 'performance_reviews', entityId: id, changes: { peers: [null, peerIds.length] } });
    return presentReview(ctx, tx, await reviewRow(ctx, tx, id));
  });
}

/** A rater's scores (0–100 per rated KPI); one form per rater, changeable while the review is open. */
export async function submitRating(ctx: Ctx, id: string, input: z.infer<typeof ratingInputSchema>): Promise<PerformanceReview> {
  performanceAccess.require(ctx.actor, 'rate');
  return ctx.db.transaction(async (tx) => {
    const row = await reviewRow(ctx, tx, id, true);
    if (!row.my_rater_kind) throw notFound('review');
    if (row.status !== 'open') throw badRequest('params.id', 'the review is closed');
    const rated = row.scores.filter((s) => s.source === 'rated').map((s) => s.key);
    for (const key of Object.keys(input.scores))
      if (!rated.includes(key)) throw badRequest(`body.scores.${key}`, 'not a rated KPI of this review');
    for (const key of rated) if (input.scores[key] === undefined) throw badRequest(`body.scores.${key}`, 'a score is needed');
    await tx.execute(sql`
      update review_raters set scores = ${JSON.stringify(input.scores)}::jsonb, comment = ${input.comment}, submitted_at = ${ctx.now}
       where review_id = ${id} and rater_id = ${ctx.actor.id}`);
    await rescore(tx, id);
    await tx.execute(sql`update performance_reviews set version = version + 1, updated_at = ${ctx.now} where id = ${id}`);
    await ctx.audit(tx, { action: 'update', entity: 'review_raters', entityId: id, changes: { rating: [null, row.my_rater_kind] } });
    return presentReview(ctx, tx, await reviewRow(ctx, tx, id));
  });
}

/** 000 改进行动计划: strengths, gaps and actions with owners and dates (each owner is notified, a to-do with a link). */
export async function recordFeedback(ctx: Ctx, id: string, input: z.infer<typeof reviewFeedbackInputSchema>): Promise<PerformanceReview> {
  performanceAccess.require(ctx.actor, 'feedback');
  return ctx.db.transaction(async (tx) => {
    const row = await reviewRow(ctx, tx, id, true);
    if (!row.can_feedback) throw notFound('review');
    if (row.version !== input.version) throw conflict();
    const ownerIds = [...new Set(input.actions.map((a) => a.ownerId))];
    if (ownerIds.length) {
      const known = await tx.execute<{ n: number }>(
        sql`select count(*)::int as n from users where id = any(${sql.param(ownerIds)}::uuid[])`,
      );
      if (known.rows[0]!.n !== ownerIds.length) throw badRequest('body.actions', 'unknown owner');
    }
    await tx.execute(sql`
      update performance_reviews set strengths = ${input.strengths}, gaps = ${input.gaps}, feedback_at = ${ctx.now},
             feedback_by_id = ${ctx.actor.id}, acknowledged_at = null, version = version + 1, updated_at = ${ctx.now}
       where id = ${id}`);
    // The open actions are replaced, with their tasks; done ones stay as they were.
    const replaced = await tx.execute<{ task_id: string | null }>(sql`
      delete from review_actions a where a.review_id = ${id}
         and (select case when t.id is null then a.done_at else t.done_at end
                from (select 1) one left join follow_up_tasks t on t.id = a.task_id) is null
      returning a.task_id`);
    await deleteLinkedTasks(
      tx,
      replaced.rows.flatMap((r) => (r.task_id ? [r.task_id] : [])),
    );
    const { timeZone } = await getSettings(tx);
    for (const action of input.actions) {
      // Each action is a task of its owner's (my day, reminders), due at 18:00 on its day, leading back here.
      const taskId = await createLinkedTask(tx, {
        now: ctx.now,
        ownerId: action.ownerId,
        title: action.action,
        dueAt: new Date(startOfCalendarDay(Date.parse(`${action.dueOn}T00:00:00Z`), timeZone).getTime() + 18 * 3_600_000),
        link: `/performance/reviews/${id}`,
      });
      await tx.execute(
        sql`insert into review_actions (review_id, action, owner_id, due_on, task_id) values (${id}, ${action.action}, ${action.ownerId}, ${action.dueOn}, ${taskId})`,
      );
    }
    await notify(tx, [
      {
        userId: row.person_id,
        kind: 'performance.feedback',
        title: '绩效反馈待确认',
        link: `/performance/reviews/${id}`,
        titleMessage: { key: 'performance.notifications.feedback', params: {} },
      },
      ...ownerIds
        .filter((owner) => owner !== row.person_id)
        .map((userId) => ({
          userId,
          kind: 'performance.action',
          title: '改进计划行动项',
          link: `/performance/reviews/${id}`,
          titleMessage: { key: 'performance.notifications.action', params: {} },
        })),
    ]);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'performance_reviews',
      entityId: id,
      changes: { feedback: [null, input.actions.length] },
    });
    return presentReview(ctx, tx, await reviewRow(ctx, tx, id));
  });
}

export async function acknowledgeReview(ctx: Ctx, id: string, input: z.infer<typeof acknowledgeInputSchema>): Promise<PerformanceReview> {
  return ctx.db.transaction(async (tx) => {
    const row = await reviewRow(ctx, tx, id, true);
    if (row.person_id !== ctx.actor.id) throw forbidden('only the reviewed person acknowledges');
    if (row.feedback_at === null) throw badRequest('params.id', 'there is no feedback to acknowledge yet');
    if (row.version !== input.version) throw conflict();
    await tx.execute(sql`
      update performance_reviews set acknowledged_at = ${ctx.now}, person_comment = ${input.comment}, version = version + 1, updated_at = ${ctx.now}
       where id = ${id}`);
    await ctx.audit(tx, {
      action: 'acknowledge',
      entity: 'performance_reviews',
      entityId: id,
      changes: { acknowledgedAt: [null, ctx.now.toISOString()] },
    });
    return presentReview(ctx, tx, await reviewRow(ctx, tx, id));
  });
}

export async function toggleAction(ctx: Ctx, actionId: string, done: boolean): Promise<{ ok: true }> {
  await ctx.db.transaction(async (tx) => {
    const result = await tx.execute<{ review_id: string; owner_id: string; task_id: string | null }>(
      sql`select review_id, owner_id, task_id from review_actions where id = ${actionId} for update`,
    );
    const action = result.rows[0];
    if (!action) throw notFound('action');
    const row = await reviewRow(ctx, tx, action.review_id);
    if (action.owner_id !== ctx.actor.id && !row.can_feedback) throw notFound('action');
    await tx.execute(sql`update review_actions set done_at = ${done ? ctx.now : null} where id = ${actionId}`);
    // Kept in sync with its task (done here = done in my day; the task's state is what the review shows).
    if (action.task_id) await setLinkedTaskDone(tx, action.task_id, done, ctx.now);
    await ctx.audit(tx, { action: 'update', entity: 'review_actions', entityId: actionId, changes: { done: [!done, done] } });
  });
  return { ok: true };
}

/** The person contests one KPI score (or the total) once, with a reason; the next level up decides. */
export async function appealScore(ctx: Ctx, id: string, input: z.infer<typeof appealInputSchema>): Promise<PerformanceReview> {
  return ctx.db.transaction(async (tx) => {
    const row = await reviewRow(ctx, tx, id, true);
    if (row.person_id !== ctx.actor.id) throw forbidden('only the reviewed person appeals');
    if (row.status !== 'closed') throw badRequest('params.id', 'scores are contested once the cycle is closed');
    if (!row.scores.some((s) => s.key === input.itemKey)) throw badRequest('body.itemKey', 'not a KPI of this review');
    const existing = await tx.execute(sql`select 1 from review_appeals where review_id = ${id} and item_key = ${input.itemKey}`);
    if (existing.rows.length) throw ruleViolation('R-KPI-1', 'this score was already appealed once');
    await tx.execute(
      sql`insert into review_appeals (review_id, item_key, reason, created_at) values (${id}, ${input.itemKey}, ${input.reason}, ${ctx.now})`,
    );
    const deciders = await tx.execute<{ id: string }>(
      sql`select manager_id as id from users where id = ${row.supervisor_id} and manager_id is not null`,
    );
    await notify(
      tx,
      deciders.rows.map((d) => ({
        userId: d.id,
        kind: 'performance.appeal',
        title: '绩效申诉待处理',
        link: `/performance/reviews/${id}`,
        titleMessage: { key: 'performance.notifications.appeal', params: {} },
      })),
    );
    await ctx.audit(tx, { action: 'create', entity: 'review_appeals', entityId: id, changes: { itemKey: [null, input.itemKey] } });
    return presentReview(ctx, tx, await reviewRow(ctx, tx, id));
  });
}

export async function decideAppeal(ctx: Ctx, appealId: string, input: z.infer<typeof appealDecisionSchema>): Promise<PerformanceReview> {
  performanceAccess.require(ctx.actor, 'decide');
  return ctx.db.transaction(async (tx) => {
    const found = await tx.execute<{ review_id: string; status: string; item_key: string }>(
      sql`select review_id, status, item_key from review_appeals where id = ${appealId} for update`,
    );
    const appeal = found.rows[0];
    if (!appeal) throw notFound('appeal');
    const review = await presentReview(ctx, tx, await reviewRow(ctx, tx, appeal.review_id, true));
    if (!review.abilities.decide) throw notFound('appeal');
    if (appeal.status !== 'pending') throw conflict('the appeal was already decided');
    if (input.decision === 'upheld' && input.newScore === null) throw badRequest('body.newScore', 'an upheld appeal sets the score');
    await tx.execute(sql`
      update review_appeals set status = ${input.decision}, decider_id = ${ctx.actor.id}, decision_note = ${input.note},
             new_score = ${input.decision === 'upheld' ? input.newScore : null}, decided_at = ${ctx.now}
       where id = ${appealId}`);
    await rescore(tx, appeal.review_id);
    await tx.execute(sql`update performance_reviews set version = version + 1, updated_at = ${ctx.now} where id = ${appeal.review_id}`);
    await notify(tx, [
      {
        userId: review.personId,
        kind: 'performance.appeal_decided',
        title: '绩效申诉已处理',
        link: `/performance/reviews/${appeal.review_id}`,
        titleMessage: { key: 'performance.notifications.appealDecided', params: {} },
      },
    ]);
    await ctx.audit(tx, {
      action: input.decision === 'upheld' ? 'approve' : 'reject',
      entity: 'review_appeals',
      entityId: appealId,
      changes: { status: ['pending', input.decision] },
    });
    return presentReview(ctx, tx, await reviewRow(ctx, tx, appeal.review_id));
  });
}

/** The radar: the person's score per KPI vs the team average and the top performer (by total) of the same cycle and team. */
export async function reviewComparison(ctx: Ctx, id: string): Promise<ReviewComparison> {
  performanceAccess.require(ctx.actor, 'read');
  const row = await reviewRow(ctx, ctx.db, id);
  if (!row.can_read) throw notFound('review');
  const team = await ctx.db.execute<{ person_id: string; total: string | null; scores: KpiScore[] }>(sql`
    select r.person_id, r.total, r.scores from performance_reviews r join users u on u.id = r.person_id
     where r.cycle_id = ${row.cycle_id} and u.org_unit_id is not distinct from (select org_unit_id from users where id = ${row.person_id})`);
  const keys = row.scores.map((s) => ({ key: s.key, name: s.name }));
  const scoreOf = (scores: KpiScore[], key: string) => scores.find((s) => s.key === key)?.score ?? null;
  const top = [...team.rows].sort((a, b) => Number(b.total ?? -1) - Number(a.total ?? -1))[0];
  return {
    keys,
    person: keys.map((k) => scoreOf(row.scores, k.key)),
    teamAverage: keys.map((k) => {
      const values = team.rows.map((r) => scoreOf(r.scores, k.key)).filter((v): v is number => v !== null);
      return values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : null;
    }),
    topPerformer: keys.map((k) => (top ? scoreOf(top.scores, k.key) : null)),
  };
}
