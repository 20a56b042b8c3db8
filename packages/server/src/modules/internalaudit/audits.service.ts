import { randomInt } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import {
  rectificationUrgency,
  type AuditPlan,
  type AuditPlanRow,
  type AuditSample,
  type Finding,
  type Rectification,
  type auditPlanInputSchema,
  type auditPlanUpdateSchema,
  type confidentialTrailQuerySchema,
  type findingCloseSchema,
  type findingInputSchema,
  type findingListQuerySchema,
  type rectificationInputSchema,
  type rectificationSubmitSchema,
  type rectificationVerifySchema,
  type sampleRequestSchema,
} from '@xiaoguan/shared';
import type { z } from 'zod';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, forbidden, notFound, ruleViolation } from '../../platform/errors.js';
import { staleVersion } from '../../platform/audit/stale-version.js';
import { notify } from '../../platform/notifications/notifications.js';
import { getSettings } from '../../platform/settings/settings.js';
import { checkUpload, readStoredFile, storeFile } from '../../platform/files/store.js';
import { createLinkedTask, setLinkedTaskDone } from '../customers/index.js';
import { internalauditAccess } from './internalaudit.access.js';
import { getInternalauditSettings } from './internalaudit.settings.js';
import { drawSample } from './sampling.js';

const seesAllPlans = (ctx: Ctx) => internalauditAccess.scopes(ctx.actor, 'read')[0] === 'all';

function requirePlanner(ctx: Ctx): void {
  internalauditAccess.require(ctx.actor, 'plan');
}

/** A responsible unit sees its own findings: within `read` of the responsible person, or as owner of one of its tasks. */
export function findingVisible(ctx: Ctx, f: SQL = sql`f`): SQL {
  return sql`(${internalauditAccess.where(ctx.actor, 'read', sql`${f}.responsible_id`)}
    or exists (select 1 from audit_rectifications vr where vr.finding_id = ${f}.id and vr.owner_id = ${ctx.actor.id}))`;
}

type RectRow = {
  id: string;
  finding_id: string;
  title: string;
  owner_id: string;
  owner_name: string;
  deadline: string;
  status: Rectification['status'];
  note: string | null;
  submitted_at: string | null;
  verified_at: string | null;
  verification_note: string | null;
  version: number;
};

async function loadFindings(ctx: Ctx, executor: Executor, where: SQL): Promise<Finding[]> {
  const rows = await executor.execute<{
    id: string;
    plan_id: string;
    plan_title: string;
    title: string;
    description: string;
    severity: Finding['severity'];
    unit_id: string;
    unit_name: string;
    responsible_id: string;
    responsible_name: string;
    sample_id: string | null;
    evidence: Finding['evidence'];
    closed_at: string | null;
    close_note: string | null;
    created_at: string;
    version: number;
  }>(sql`
    select f.id, f.plan_id, p.title as plan_title, f.title, f.description, f.severity, f.unit_id, ou.name as unit_name, f.responsible_id,
           u.display_name as responsible_name, f.sample_id, f.evidence, f.closed_at, f.close_note, f.created_at, f.version
      from audit_findings f join audit_plans p on p.id = f.plan_id join org_units ou on ou.id = f.unit_id join users u on u.id = f.responsible_id
     where ${where} and ${findingVisible(ctx)}
     order by f.closed_at nulls first, f.created_at desc, f.id limit 500`);
  if (!rows.rows.length) return [];
  const ids = rows.rows.map((r) => r.id);
  const [rects, files, policy] = await Promise.all([
    executor.execute<RectRow>(sql`
      select r.id, r.finding_id, r.title, r.owner_id, u.display_name as owner_name, r.deadline, r.status, r.note, r.submitted_at, r.verified_at,
             r.verification_note, r.version
        from audit_rectifications r join users u on u.id = r.owner_id
       where r.finding_id = any(${sql.param(ids)}::uuid[]) order by r.deadline, r.id`),
    executor.execute<{ id: string; rectification_id: string; file_name: string; size_bytes: number }>(sql`
      select fl.id, fl.rectification_id, fl.file_name, fl.size_bytes from audit_rectification_files fl
        join audit_rectifications r on r.id = fl.rectification_id where r.finding_id = any(${sql.param(ids)}::uuid[]) order by fl.created_at, fl.id`),
    getInternalauditSettings(executor),
  ]);
  const planner = internalauditAccess.can(ctx.actor, 'plan');
  return rows.rows.map((f) => {
    const own = rects.rows.filter((r) => r.finding_id === f.id);
    const status: Finding['status'] = f.closed_at
      ? 'closed'
      : own.length === 0
        ? 'open'
        : own.some((r) => r.status === 'open' || r.status === 'rejected')
          ? 'rectifying'
          : 'verifying';
    return {
      id: f.id,
      planId: f.plan_id,
      planTitle: f.plan_title,
      title: f.title,
      description: f.description,
      severity: f.severity,
      unitId: f.unit_id,
      unitName: f.unit_name,
      responsibleId: f.responsible_id,
      responsibleName: f.responsible_name,
      sampleId: f.sample_id,
      evidence: f.evidence,
      status,
      createdAt: iso(f.created_at)!,
      closedAt: iso(f.closed_at),
      closeNote: f.close_note,
      rectifications: own.map((r) => ({
        id: r.id,
        findingId: r.finding_id,
        title: r.title,
        ownerId: r.owner_id,
        ownerName: r.owner_name,
        deadline: iso(r.deadline)!,
        status: r.status,
        urgency: rectificationUrgency({ deadline: new Date(iso(r.deadline)!), status: r.status }, ctx.now, policy),
        note: r.note,
        submittedAt: iso(r.submitted_at),
        verifiedAt: iso(r.verified_at),
        verificationNote: r.verification_note,
        files: files.rows
          .filter((file) => file.rectification_id === r.id)
          .map((file) => ({ id: file.id, fileName: file.file_name, sizeBytes: file.size_bytes })),
        version: r.version,
        abilities: {
          submit: !f.closed_at && r.owner_id === ctx.actor.id && (r.status === 'open' || r.status === 'rejected'),
          verify: !f.closed_at && planner && r.status === 'submitted',
        },
      })),
      version: f.version,
      abilities: {
        addRectification: !f.closed_at && planner,
        close: !f.closed_at && planner && own.length > 0 && own.every((r) => r.status === 'accepted'),
      },
    };
  });
}

export async function getFinding(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Finding> {
  internalauditAccess.require(ctx.actor, 'read');
  const [found] = await loadFindings(ctx, executor, sql`f.id = ${id}`);
  if (!found) throw notFound('finding');
  return found;
}

export async function listFindings(ctx: Ctx, query: z.infer<typeof findingListQuerySchema>): Promise<Finding[]> {
  internalauditAccess.require(ctx.actor, 'read');
  const where = query.status === 'open' ? sql`f.closed_at is null` : query.status === 'closed' ? sql`f.closed_at is not null` : sql`true`;
  return loadFindings(ctx, ctx.db, where);
}

type PlanRow = {
  id: string;
  title: string;
  process: AuditPlan['process'];
  region_unit_id: string | null;
  region_name: string | null;
  period_from: string;
  period_to: string;
  checklist: AuditPlan['checklist'];
  status: AuditPlan['status'];
  auditor_id: string;
  auditor_name: string;
  created_at: string;
  closed_at: string | null;
  version: number;
  finding_count: number;
  open_findings: number;
  sample_count: number;
};

async function loadPlans(ctx: Ctx, executor: Executor, where: SQL): Promise<PlanRow[]> {
  const rows = await executor.execute<PlanRow>(sql`
    select p.id, p.title, p.process, p.region_unit_id, ou.name as region_name, p.period_from::text, p.period_to::text, p.checklist, p.status,
           p.auditor_id, u.display_name as auditor_name, p.created_at, p.closed_at, p.version,
           (select count(*)::int from audit_findings f where f.plan_id = p.id) as finding_count,
           (select count(*)::int from audit_findings f where f.plan_id = p.id and f.closed_at is null) as open_findings,
           (select count(*)::int from audit_samples s where s.plan_id = p.id) as sample_count
      from audit_plans p join users u on u.id = p.auditor_id left join org_units ou on ou.id = p.region_unit_id
     where ${where} order by p.closed_at nulls first, p.period_from desc, p.id limit 200`);
  return rows.rows;
}

function planRow(ctx: Ctx, p: PlanRow): AuditPlanRow {
  return {
    id: p.id,
    title: p.title,
    process: p.process,
    regionUnitId: p.region_unit_id,
    regionName: p.region_name,
    periodFrom: p.period_from,
    periodTo: p.period_to,
    status: p.status,
    auditorId: p.auditor_id,
    auditorName: p.auditor_name,
    createdAt: iso(p.created_at)!,
    closedAt: iso(p.closed_at),
    findingCount: p.finding_count,
    openFindings: p.open_findings,
    sampleCount: p.sample_count,
    version: p.version,
    abilities: { update: p.status !== 'closed' && internalauditAccess.can(ctx.actor, 'plan') },
  };
}

/** The plans: the auditor's and the director's view (a unit sees its findings, not the plans). */
export async function listPlans(ctx: Ctx): Promise<AuditPlanRow[]> {
  internalauditAccess.require(ctx.actor, 'read');
  if (!seesAllPlans(ctx)) throw forbidden('audit plans are the auditor’s');
  return (await loadPlans(ctx, ctx.db, sql`true`)).map((p) => planRow(ctx, p));
}

async function samplesOf(executor: Executor, planId: string): Promise<AuditSample[]> {
  const rows = await executor.execute<{
    id: string;
    record_kind: AuditSample['recordKind'];
    record_id: string;
    label: string;
    reason: AuditSample['reason'];
    figures: AuditSample['figures'];
    viewed_at: string | null;
  }>(
    sql`select id, record_kind, record_id, label, reason, figures, viewed_at from audit_samples where plan_id = ${planId} order by created_at, label, id`,
  );
  return rows.rows.map((s) => ({
    id: s.id,
    recordKind: s.record_kind,
    recordId: s.record_id,
    label: s.label,
    reason: s.reason,
    figures: s.figures,
    viewedAt: iso(s.viewed_at),
  }));
}

export async function getPlan(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<AuditPlan> {
  internalauditAccess.require(ctx.actor, 'read');
  if (!seesAllPlans(ctx)) throw notFound('audit plan');
  const [p] = await loadPlans(ctx, executor, sql`p.id = ${id}`);
  if (!p) throw notFound('audit plan');
  const row = planRow(ctx, p);
  return {
    ...row,
    checklist: p.checklist,
    samples: await samplesOf(executor, id),
    findings: await loadFindings(ctx, executor, sql`f.plan_id = ${id}`),
    abilities: {
      ...row.abilities,
      close: p.status !== 'closed' && internalauditAccess.can(ctx.actor, 'plan') && p.open_findings === 0,
    },
  };
}

export async function createPlan(ctx: Ctx, input: z.infer<typeof auditPlanInputSchema>): Promise<AuditPlan> {
  requirePlanner(ctx);
  return ctx.db.transaction(async (tx) => {
    if (input.regionUnitId) {
      const unit = await tx.execute(sql`select 1 from org_units where id = ${input.regionUnitId}`);
      if (!unit.rows.length) throw badRequest('body.regionUnitId', 'no such org unit');
    }
    const created = await tx.execute<{ id: string }>(sql`
      insert into audit_plans (title, process, region_unit_id, period_from, period_to, checklist, auditor_id, created_at, updated_at)
      values (${input.title}, ${input.process}, ${input.regionUnitId}, ${input.periodFrom}, ${input.periodTo}, ${JSON.stringify(input.checklist)}::jsonb,
              ${ctx.actor.id}, ${ctx.now}, ${ctx.now})
      returning id`);
    const id = created.rows[0]!.id;
    await ctx.audit(tx, { action: 'create', entity: 'audit_plans', entityId: id, summary: input.title });
    return getPlan(ctx, id, tx);
  });
}

async function lockPlan(ctx: Ctx, tx: Executor, id: string) {
  const rows = await tx.execute<{
    version: number;
    status: string;
    title: string;
    period_from: string;
    period_to: string;
    region_path: string | null;
  }>(sql`
    select p.version, p.status, p.title, p.period_from::text, p.period_to::text, ou.path as region_path
      from audit_plans p left join org_units ou on ou.id = p.region_unit_id where p.id = ${id} for update of p`);
  const plan = rows.rows[0];
  if (!plan) throw notFound('audit plan');
  return plan;
}

export async function updatePlan(ctx: Ctx, id: string, input: z.infer<typeof auditPlanUpdateSchema>): Promise<AuditPlan> {
  requirePlanner(ctx);
  return ctx.db.transaction(async (tx) => {
    const plan = await lockPlan(ctx, tx, id);
    if (plan.version !== input.version) throw await staleVersion(tx, 'audit_plans', id);
    if (plan.status === 'closed') throw new AppError('conflict', 'the audit is closed');
    await tx.execute(sql`
      update audit_plans set title = coalesce(${input.title ?? null}, title),
             checklist = coalesce(${input.checklist ? JSON.stringify(input.checklist) : null}::jsonb, checklist),
             status = coalesce(${input.status ?? null}, status), updated_at = ${ctx.now}, version = version + 1
       where id = ${id}`);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'audit_plans',
      entityId: id,
      summary: plan.title,
      changes: input.status ? { status: [plan.status, input.status] } : null,
    });
    return getPlan(ctx, id, tx);
  });
}

/** Draws a sample within the plan's scope; the draw is itself in the audit log (every audit view is logged). */
export async function addSamples(ctx: Ctx, planId: string, input: z.infer<typeof sampleRequestSchema>): Promise<AuditPlan> {
  requirePlanner(ctx);
  const { timeZone } = await getSettings(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const plan = await lockPlan(ctx, tx, planId);
    if (plan.status === 'closed') throw new AppError('conflict', 'the audit is closed');
    // The seed goes into the audit entry below, so a random draw can be repeated (same records) later.
    const seed = randomInt(1, 2_147_483_647);
    const drawn = await drawSample(
      tx,
      input.rule,
      { periodFrom: plan.period_from, periodTo: plan.period_to, regionPath: plan.region_path, timeZone },
      input.count,
      input.withinPct,
      seed,
    );
    for (const s of drawn) {
      await tx.execute(sql`
        insert into audit_samples (plan_id, record_kind, record_id, label, reason, figures, created_at)
        values (${planId}, ${s.recordKind}, ${s.recordId}, ${s.label}, ${input.rule}, ${JSON.stringify(s.figures)}::jsonb, ${ctx.now})
        on conflict (plan_id, record_kind, record_id) do nothing`);
    }
    await ctx.audit(tx, {
      action: 'view',
      entity: 'audit_samples',
      entityId: planId,
      summary: plan.title,
      changes: { rule: [null, input.rule], drawn: [null, drawn.length], seed: [null, seed] },
    });
    return getPlan(ctx, planId, tx);
  });
}

/** One sampled record, read-only, as it stands now; the view is logged against the record itself. */
export async function viewSample(ctx: Ctx, id: string) {
  requirePlanner(ctx);
  const rows = await ctx.db.execute<{
    id: string;
    record_kind: AuditSample['recordKind'];
    record_id: string;
    label: string;
    reason: AuditSample['reason'];
    figures: AuditSample['figures'];
  }>(sql`select id, record_kind, record_id, label, reason, figures from audit_samples where id = ${id}`);
  const s = rows.rows[0];
  if (!s) throw notFound('sample');
  let fields: { key: string; value: string | number | null }[] = [];
  if (s.record_kind === 'quote') {
    const q = await ctx.db.execute<Record<string, string | number | null>>(sql`
      select q.number, q.title, c.name as customer, u.display_name as owner, q.status, q.list_total_cents::bigint::float8 as "listTotalCents",
             q.discount_cents::float8 as "discountCents", q.discount_bp as "discountBp", q.total_cents::float8 as "totalCents",
             q.below_floor::text as "belowFloor", to_char(q.created_at, 'YYYY-MM-DD') as created
        from quotes q join customers c on c.id = q.customer_id join users u on u.id = q.owner_id where q.id = ${s.record_id}`);
    fields = Object.entries(q.rows[0] ?? {}).map(([key, value]) => ({ key, value }));
  } else {
    const c = await ctx.db.execute<Record<string, string | number | null>>(sql`
      select c.number, c.title, u.display_name as claimant, c.status, c.total_cents::float8 as "totalCents",
             (select count(*)::int from expense_claim_lines l where l.claim_id = c.id) as lines,
             (select count(*)::int from expense_claim_lines l where l.claim_id = c.id and l.invoice_number is null) as "linesWithoutInvoice",
             to_char(coalesce(c.submitted_at, c.created_at), 'YYYY-MM-DD') as submitted
        from expense_claims c join users u on u.id = c.claimant_id where c.id = ${s.record_id}`);
    fields = Object.entries(c.rows[0] ?? {}).map(([key, value]) => ({ key, value }));
  }
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`update audit_samples set viewed_at = coalesce(viewed_at, ${ctx.now}) where id = ${id}`);
    await ctx.audit(tx, {
      action: 'view',
      entity: s.record_kind === 'quote' ? 'quotes' : 'expense_claims',
      entityId: s.record_id,
      summary: s.label,
    });
  });
  const [sample] = (
    await samplesOf(
      ctx.db,
      (await ctx.db.execute<{ plan_id: string }>(sql`select plan_id from audit_samples where id = ${id}`)).rows[0]!.plan_id,
    )
  ).filter((x) => x.id === id);
  return { sample: sample!, fields };
}

export async function addFinding(ctx: Ctx, planId: string, input: z.infer<typeof findingInputSchema>): Promise<Finding> {
  requirePlanner(ctx);
  return ctx.db.transaction(async (tx) => {
    const plan = await lockPlan(ctx, tx, planId);
    if (plan.status === 'closed') throw new AppError('conflict', 'the audit is closed');
    const unit = await tx.execute(sql`select 1 from org_units where id = ${input.unitId}`);
    if (!unit.rows.length) throw badRequest('body.unitId', 'no such org unit');
    const person = await tx.execute(sql`select 1 from users where id = ${input.responsibleId} and not disabled`);
    if (!person.rows.length) throw badRequest('body.responsibleId', 'not a known active user');
    if (input.sampleId) {
      const sample = await tx.execute(sql`select 1 from audit_samples where id = ${input.sampleId} and plan_id = ${planId}`);
      if (!sample.rows.length) throw badRequest('body.sampleId', 'not a sample of this audit');
    }
    const created = await tx.execute<{ id: string }>(sql`
      insert into audit_findings (plan_id, title, description, severity, unit_id, responsible_id, sample_id, evidence, created_at, updated_at)
      values (${planId}, ${input.title}, ${input.description}, ${input.severity}, ${input.unitId}, ${input.responsibleId}, ${input.sampleId ?? null},
              ${JSON.stringify(input.evidence)}::jsonb, ${ctx.now}, ${ctx.now})
      returning id`);
    const id = created.rows[0]!.id;
    await ctx.audit(tx, { action: 'create', entity: 'audit_findings', entityId: id, summary: input.title });
    await notify(tx, [
      { userId: input.responsibleId, kind: 'internalaudit.finding', title: input.title, link: `/internal-audit/findings/${id}` },
    ]);
    return getFinding(ctx, id, tx);
  });
}

/** R-AUD-1: a rectification task with an owner and a deadline; it is a follow-up task in the owner's day too. */
export async function addRectification(ctx: Ctx, findingId: string, input: z.infer<typeof rectificationInputSchema>): Promise<Finding> {
  requirePlanner(ctx);
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.execute<{ closed_at: string | null; title: string }>(
      sql`select closed_at, title from audit_findings where id = ${findingId} for update`,
    );
    const finding = rows.rows[0];
    if (!finding) throw notFound('finding');
    if (finding.closed_at) throw new AppError('conflict', 'the finding is closed');
    const owner = await tx.execute(sql`select 1 from users where id = ${input.ownerId} and not disabled`);
    if (!owner.rows.length) throw badRequest('body.ownerId', 'not a known active user');
    if (new Date(input.deadline) <= ctx.now) throw badRequest('body.deadline', 'the deadline is in the past');
    const link = `/internal-audit/findings/${findingId}`;
    const taskId = await createLinkedTask(tx, {
      ownerId: input.ownerId,
      title: input.title,
      dueAt: new Date(input.deadline),
      link,
      now: ctx.now,
    });
    const created = await tx.execute<{ id: string }>(sql`
      insert into audit_rectifications (finding_id, title, owner_id, deadline, task_id, created_at, updated_at)
      values (${findingId}, ${input.title}, ${input.ownerId}, ${input.deadline}::timestamptz, ${taskId}, ${ctx.now}, ${ctx.now}) returning id`);
    await ctx.audit(tx, { action: 'create', entity: 'audit_rectifications', entityId: created.rows[0]!.id, summary: input.title });
    await notify(tx, [{ userId: input.ownerId, kind: 'internalaudit.rectification', title: input.title, link }]);
    return getFinding(ctx, findingId, tx);
  });
}

async function lockRectification(ctx: Ctx, tx: Executor, id: string) {
  const rows = await tx.execute<{
    finding_id: string;
    owner_id: string;
    status: Rectification['status'];
    version: number;
    title: string;
    task_id: string | null;
    closed_at: string | null;
  }>(sql`
    select r.finding_id, r.owner_id, r.status, r.version, r.title, r.task_id, f.closed_at from audit_rectifications r
      join audit_findings f on f.id = r.finding_id where r.id = ${id} and ${findingVisible(ctx)} for update of r`);
  const r = rows.rows[0];
  if (!r) throw notFound('rectification');
  return r;
}

/** Evidence of the fix: a file stored through the platform file store, kept with the task. */
export async function addEvidenceFile(
  ctx: Ctx,
  dataDir: string,
  id: string,
  file: { fileName: string; mimeType: string; content: Buffer },
) {
  internalauditAccess.require(ctx.actor, 'rectify');
  checkUpload(file.content);
  const storageKey = await storeFile(dataDir, file.content);
  return ctx.db.transaction(async (tx) => {
    const r = await lockRectification(ctx, tx, id);
    if (r.owner_id !== ctx.actor.id) throw forbidden('only the task’s owner adds evidence');
    if (r.closed_at || r.status === 'accepted') throw new AppError('conflict', 'the task is already verified');
    const created = await tx.execute<{ id: string }>(sql`
      insert into audit_rectification_files (rectification_id, file_name, mime_type, size_bytes, storage_key, uploaded_by_id, created_at)
      values (${id}, ${file.fileName.slice(0, 200)}, ${file.mimeType.slice(0, 100)}, ${file.content.length}, ${storageKey}, ${ctx.actor.id}, ${ctx.now})
      returning id`);
    await ctx.audit(tx, { action: 'create', entity: 'audit_rectification_files', entityId: created.rows[0]!.id, summary: file.fileName });
    return getFinding(ctx, r.finding_id, tx);
  });
}

export async function readEvidenceFile(ctx: Ctx, dataDir: string, fileId: string) {
  internalauditAccess.require(ctx.actor, 'read');
  const rows = await ctx.db.execute<{ file_name: string; mime_type: string; storage_key: string }>(sql`
    select fl.file_name, fl.mime_type, fl.storage_key from audit_rectification_files fl
      join audit_rectifications r on r.id = fl.rectification_id join audit_findings f on f.id = r.finding_id
     where fl.id = ${fileId} and ${findingVisible(ctx)}`);
  const file = rows.rows[0];
  if (!file) throw notFound('file');
  return { fileName: file.file_name, mimeType: file.mime_type, content: await readStoredFile(dataDir, file.storage_key) };
}

export async function submitRectification(ctx: Ctx, id: string, input: z.infer<typeof rectificationSubmitSchema>): Promise<Finding> {
  internalauditAccess.require(ctx.actor, 'rectify');
  return ctx.db.transaction(async (tx) => {
    const r = await lockRectification(ctx, tx, id);
    if (r.owner_id !== ctx.actor.id) throw forbidden('only the task’s owner submits it');
    if (r.version !== input.version) throw await staleVersion(tx, 'audit_rectifications', id);
    if (r.status !== 'open' && r.status !== 'rejected') throw new AppError('conflict', 'the task is already submitted');
    const files = await tx.execute(sql`select 1 from audit_rectification_files where rectification_id = ${id} limit 1`);
    if (!files.rows.length) throw ruleViolation('R-AUD-1', 'attach evidence of the fix before submitting');
    await tx.execute(sql`
      update audit_rectifications set status = 'submitted', note = ${input.note}, submitted_at = ${ctx.now}, updated_at = ${ctx.now},
             version = version + 1 where id = ${id}`);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'audit_rectifications',
      entityId: id,
      summary: r.title,
      changes: { status: [r.status, 'submitted'] },
    });
    const auditor = await tx.execute<{ auditor_id: string }>(sql`
      select p.auditor_id from audit_plans p join audit_findings f on f.plan_id = p.id where f.id = ${r.finding_id}`);
    await notify(tx, [
      {
        userId: auditor.rows[0]!.auditor_id,
        kind: 'internalaudit.submitted',
        title: r.title,
        link: `/internal-audit/findings/${r.finding_id}`,
      },
    ]);
    return getFinding(ctx, r.finding_id, tx);
  });
}

/** R-AUD-1: the auditor verifies the fix — accepted closes the task, rejected sends it back to the owner. */
export async function verifyRectification(ctx: Ctx, id: string, input: z.infer<typeof rectificationVerifySchema>): Promise<Finding> {
  requirePlanner(ctx);
  return ctx.db.transaction(async (tx) => {
    const r = await lockRectification(ctx, tx, id);
    if (r.version !== input.version) throw await staleVersion(tx, 'audit_rectifications', id);
    if (r.status !== 'submitted') throw new AppError('conflict', 'the task is not waiting for verification');
    const status = input.accept ? 'accepted' : 'rejected';
    await tx.execute(sql`
      update audit_rectifications set status = ${status}, verified_at = ${input.accept ? ctx.now : null}, verified_by_id = ${ctx.actor.id},
             verification_note = ${input.note || null}, updated_at = ${ctx.now}, version = version + 1 where id = ${id}`);
    if (r.task_id) await setLinkedTaskDone(tx, r.task_id, input.accept, ctx.now);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'audit_rectifications',
      entityId: id,
      summary: r.title,
      changes: { status: ['submitted', status] },
    });
    await notify(tx, [
      { userId: r.owner_id, kind: 'internalaudit.verified', title: r.title, link: `/internal-audit/findings/${r.finding_id}` },
    ]);
    return getFinding(ctx, r.finding_id, tx);
  });
}

/** R-AUD-1 closed loop: a finding closes only when it has tasks and the auditor has accepted every one. */
export async function closeFinding(ctx: Ctx, id: string, input: z.infer<typeof findingCloseSchema>): Promise<Finding> {
  requirePlanner(ctx);
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.execute<{ version: number; closed_at: string | null; title: string }>(sql`
      select version, closed_at, title from audit_findings where id = ${id} for update`);
    const f = rows.rows[0];
    if (!f) throw notFound('finding');
    if (f.version !== input.version) throw await staleVersion(tx, 'audit_findings', id);
    if (f.closed_at) throw new AppError('conflict', 'the finding is already closed');
    const open = await tx.execute<{ total: number; accepted: number }>(sql`
      select count(*)::int as total, count(*) filter (where status = 'accepted')::int as accepted from audit_rectifications where finding_id = ${id}`);
    const { total, accepted } = open.rows[0]!;
    if (total === 0 || accepted < total) throw ruleViolation('R-AUD-1', 'every rectification task is verified before the finding closes');
    await tx.execute(sql`
      update audit_findings set closed_at = ${ctx.now}, close_note = ${input.note || null}, updated_at = ${ctx.now}, version = version + 1 where id = ${id}`);
    await ctx.audit(tx, { action: 'update', entity: 'audit_findings', entityId: id, summary: f.title, changes: { closed: [false, true] } });
    return getFinding(ctx, id, tx);
  });
}

export async function closePlan(ctx: Ctx, id: string, version: number): Promise<AuditPlan> {
  requirePlanner(ctx);
  return ctx.db.transaction(async (tx) => {
    const plan = await lockPlan(ctx, tx, id);
    if (plan.version !== version) throw await staleVersion(tx, 'audit_plans', id);
    if (plan.status === 'closed') throw new AppError('conflict', 'the audit is already closed');
    const open = await tx.execute(sql`select 1 from audit_findings where plan_id = ${id} and closed_at is null limit 1`);
    if (open.rows.length) throw ruleViolation('R-AUD-1', 'close every finding before the audit');
    await tx.execute(
      sql`update audit_plans set status = 'closed', closed_at = ${ctx.now}, updated_at = ${ctx.now}, version = version + 1 where id = ${id}`,
    );
    await ctx.audit(tx, {
      action: 'update',
      entity: 'audit_plans',
      entityId: id,
      summary: plan.title,
      changes: { status: [plan.status, 'closed'] },
    });
    return getPlan(ctx, id, tx);
  });
}

export const AGE_BUCKETS = ['0-30', '31-60', '61-90', '90+'] as const;

/** Open findings by responsible unit and age (days since recorded), with the late rectification tasks. */
export async function findingsDashboard(ctx: Ctx) {
  internalauditAccess.require(ctx.actor, 'read');
  const rows = await ctx.db.execute<{
    unit_id: string;
    unit_name: string;
    b0: number;
    b1: number;
    b2: number;
    b3: number;
    late: number;
    total: number;
  }>(sql`
    select f.unit_id, ou.name as unit_name,
           count(*) filter (where f.created_at > ${ctx.now}::timestamptz - interval '30 days')::int as b0,
           count(*) filter (where f.created_at <= ${ctx.now}::timestamptz - interval '30 days' and f.created_at > ${ctx.now}::timestamptz - interval '60 days')::int as b1,
           count(*) filter (where f.created_at <= ${ctx.now}::timestamptz - interval '60 days' and f.created_at > ${ctx.now}::timestamptz - interval '90 days')::int as b2,
           count(*) filter (where f.created_at <= ${ctx.now}::timestamptz - interval '90 days')::int as b3,
           (select count(*)::int from audit_rectifications r join audit_findings f2 on f2.id = r.finding_id
             where f2.unit_id = f.unit_id and f2.closed_at is null and r.status in ('open', 'rejected') and r.deadline < ${ctx.now}) as late,
           count(*)::int as total
      from audit_findings f join org_units ou on ou.id = f.unit_id
     where f.closed_at is null and ${findingVisible(ctx)}
     group by f.unit_id, ou.name order by total desc, ou.name`);
  return {
    buckets: [...AGE_BUCKETS],
    units: rows.rows.map((r) => ({
      unitId: r.unit_id,
      unitName: r.unit_name,
      counts: [r.b0, r.b1, r.b2, r.b3],
      late: r.late,
      total: r.total,
    })),
  };
}

/**
 * The confidential-data trail (SPEC §M12) for the auditor: who viewed, revealed or exported customer
 * data, when and from where — the platform audit log's own rows, filtered. Browsing it is logged too.
 */
export async function confidentialTrail(ctx: Ctx, query: z.infer<typeof confidentialTrailQuerySchema>) {
  requirePlanner(ctx);
  const { timeZone } = await getSettings(ctx.db);
  const filters: SQL[] = [sql`a.entity in ('customers', 'customer_contacts')`, sql`a.action in ('view', 'reveal', 'export')`];
  if (query.action) filters.push(sql`a.action = ${query.action}`);
  if (query.actorId) filters.push(sql`a.actor_id = ${query.actorId}`);
  if (query.customerId) filters.push(sql`a.entity_id = ${query.customerId}`);
  if (query.ip) filters.push(sql`a.ip = ${query.ip}`);
  if (query.from) filters.push(sql`a.at >= (${query.from}::date)::timestamp at time zone ${timeZone}`);
  if (query.to) filters.push(sql`a.at < (${query.to}::date + 1)::timestamp at time zone ${timeZone}`);
  const where = sql.join(filters, sql` and `);
  const [rows, total] = await Promise.all([
    ctx.db.execute<{
      id: string;
      at: string;
      actor_id: string | null;
      actor_name: string | null;
      action: string;
      entity: string;
      entity_id: string | null;
      customer_name: string | null;
      summary: string | null;
      ip: string | null;
    }>(sql`
      select a.id::text, a.at, a.actor_id, a.actor_name, a.action, a.entity, a.entity_id,
             (select c.name from customers c where a.entity = 'customers' and c.id::text = a.entity_id) as customer_name, a.summary, a.ip
        from audit_log a where ${where}
       order by a.at desc, a.id desc limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`),
    ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log a where ${where}`),
  ]);
  await ctx.audit(ctx.db, {
    action: 'view',
    entity: 'audit_log',
    entityId: null,
    changes: { confidentialTrail: [null, JSON.stringify(query)] },
  });
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      at: iso(r.at)!,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      customerName: r.customer_name,
      summary: r.summary,
      ip: r.ip,
    })),
    total: total.rows[0]!.n,
    page: query.page,
    pageSize: query.pageSize,
  };
}
