import { sql, type SQL } from 'drizzle-orm';
import {
  message,
  SLA_LEVELS,
  type Complaint,
  type ComplaintActionInput,
  type ComplaintCreate,
  type ComplaintListQuery,
  type ComplaintRow,
  type ComplaintStatus,
  type Message,
  type CriticalComplaints,
  type SlaState,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso, parsePgTimestamp } from '../../platform/db/client.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { escapeLike } from '../../platform/db/like.js';
import { notify } from '../../platform/notifications/notifications.js';
import { nextDocumentNumber } from '../../platform/numbering/numbering.js';
import { calendarDay } from '../../platform/time.js';
import { getSettings } from '../../platform/settings/settings.js';
import { customerInScope } from '../customers/index.js';
import { complaintEvents, complaintPauses, complaints } from './service.schema.js';
import { complaintsAccess } from './service.access.js';
import { loadCalendar } from './service.settings.js';
import { slaClock, thresholdReachedAt, type BusinessCalendar, type SlaPause } from './sla-clock.js';
import { complaintActions, nextComplaintStatus } from './complaint-flow.js';
import { sendSurveyForComplaint } from './surveys.service.js';

const NUMBER_PATTERN = 'TS-{YYYY}-{SEQ:6}';

/**
 * R-SEC-1 predicate on `complaints`: the customer's owner within the caller's scope (the customer's
 * record access), the ticket's assignee, or a member of the queue it is routed to.
 */
export function complaintScope(ctx: Ctx, action: 'read' | 'write'): SQL {
  // Every ticket has a customer, so an 'all' scope reaches every ticket: no per-row customer probe (the queue stays index-ordered).
  if (complaintsAccess.scopes(ctx.actor, action)[0] === 'all') return sql`true`;
  const ownerInScope = complaintsAccess.where(ctx.actor, action, sql`sc.owner_id`);
  return sql`(exists (select 1 from customers sc where sc.id = ${complaints.customerId} and ${ownerInScope})
    or ${complaints.ownerId} = ${ctx.actor.id}
    or ${complaints.queueId} in (select q.id from service_queues q where ${ctx.actor.id}::uuid = any(q.member_ids)))`;
}

interface RowRecord {
  id: string;
  number: string;
  title: string;
  category: string;
  priority: ComplaintRow['priority'];
  channel: ComplaintRow['channel'];
  status: ComplaintStatus;
  customer_id: string;
  customer_name: string;
  owner_id: string;
  owner_name: string | null;
  queue_name: string | null;
  opened_at: string | Date;
  first_response_at: string | Date | null;
  closed_at: string | Date | null;
  created_at: string | Date;
  version: number;
  can_write: boolean;
  [key: string]: unknown;
}

const toDate = (value: string | Date | null): Date | null =>
  value === null ? null : value instanceof Date ? value : parsePgTimestamp(value);

/** Pauses of the given tickets, by ticket. */
async function pausesOf(executor: Executor, ids: string[]): Promise<Map<string, SlaPause[]>> {
  const map = new Map<string, SlaPause[]>();
  if (!ids.length) return map;
  const rows = await executor.execute<{ complaint_id: string; from_at: string; to_at: string | null }>(
    sql`select complaint_id, from_at, to_at from complaint_pauses where complaint_id = any(${sql.param(ids)}::uuid[]) order by from_at`,
  );
  for (const row of rows.rows) {
    const list = map.get(row.complaint_id) ?? [];
    list.push({ from: parsePgTimestamp(row.from_at), to: row.to_at ? parsePgTimestamp(row.to_at) : null });
    map.set(row.complaint_id, list);
  }
  return map;
}

/** The pauses selected with a row (`selectSql`'s `pauses`: [from, to] pairs as JSON timestamps). */
function pausesOfRow(row: RowRecord): SlaPause[] {
  const pairs = (row.pauses ?? []) as [string, string | null][];
  return pairs.map(([from, to]) => ({ from: new Date(from), to: to === null ? null : new Date(to) }));
}

export function slaStateOf(
  calendar: BusinessCalendar,
  settings: { firstResponseMinutes: number; warnPercent: number },
  ticket: { openedAt: Date; respondedAt: Date | null; pauses: SlaPause[] },
  now: Date,
): SlaState {
  const clock = slaClock(
    calendar,
    { ...ticket, targetMinutes: settings.firstResponseMinutes, warnPercent: settings.warnPercent },
    ticket.respondedAt ?? now,
  );
  return {
    targetMinutes: settings.firstResponseMinutes,
    elapsedMinutes: Math.floor(clock.elapsedMs / 60_000),
    percent: clock.percent,
    level: clock.level,
    paused: clock.paused,
    dueAt: iso(clock.dueAt),
    respondedAt: iso(ticket.respondedAt),
    met: clock.met,
  };
}

function selectSql(ctx: Ctx, where: SQL): SQL {
  return sql`select complaints.id, complaints.number, complaints.title, complaints.category, complaints.priority, complaints.channel, complaints.status, complaints.customer_id, c.name as customer_name,
      complaints.owner_id, o.display_name as owner_name, qu.name as queue_name, complaints.opened_at, complaints.first_response_at, complaints.closed_at,
      complaints.created_at, complaints.version, complaints.description, complaints.order_id, complaints.contract_id, complaints.root_cause, complaints.corrective_action, complaints.resolution,
      complaints.resolved_at, complaints.reopen_count, (${complaintScope(ctx, 'write')}) as can_write,
      -- The SLA clock's pauses with the row: the queue needs no second round trip for them (issue 20, queue p95).
      (select coalesce(json_agg(json_build_array(p.from_at, p.to_at) order by p.from_at), '[]'::json)
         from complaint_pauses p where p.complaint_id = complaints.id) as pauses
    from complaints
    join customers c on c.id = complaints.customer_id
    left join users o on o.id = complaints.owner_id
    left join service_queues q on q.id = complaints.queue_id
    left join org_units qu on qu.id = q.org_unit_id
    where ${where}`;
}

function presentRow(
  row: RowRecord,
  calendar: BusinessCalendar,
  settings: { firstResponseMinutes: number; warnPercent: number },
  pauses: SlaPause[],
  now: Date,
): ComplaintRow {
  const openedAt = toDate(row.opened_at)!;
  const closedAt = toDate(row.closed_at);
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    category: row.category,
    priority: row.priority,
    channel: row.channel,
    status: row.status,
    customerId: row.customer_id,
    customerName: row.customer_name,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    queueName: row.queue_name,
    // When the complaint came in (a complaint logged later carries that time).
    createdAt: iso(openedAt)!,
    sla: slaStateOf(calendar, settings, { openedAt, respondedAt: toDate(row.first_response_at), pauses }, now),
    closedAt: iso(closedAt),
    closedLoopMinutes: closedAt ? Math.round((closedAt.getTime() - openedAt.getTime()) / 60_000) : null,
    version: row.version,
  };
}

/**
 * The complaint queue's two statements — one page, most urgent first (unanswered by age), and the
 * count — with the access layer's scope in the query. listComplaints runs them; bench/service.bench.ts
 * times them straight on PostgreSQL as the queue's floor.
 */
export function complaintQueueStatements(ctx: Ctx, query: ComplaintListQuery): { page: SQL; count: SQL } {
  const filters: SQL[] = [complaintScope(ctx, 'read')];
  if (query.status === 'active') filters.push(sql`complaints.status <> 'closed'`);
  else if (query.status) filters.push(sql`complaints.status = ${query.status}`);
  if (query.priority) filters.push(sql`complaints.priority = ${query.priority}`);
  if (query.category) filters.push(sql`complaints.category = ${query.category}`);
  if (query.customerId) filters.push(sql`complaints.customer_id = ${query.customerId}`);
  if (query.sla === 'breached') filters.push(sql`complaints.sla_level >= 2`);
  if (query.sla === 'at_risk') filters.push(sql`complaints.sla_level = 1 and complaints.first_response_at is null`);
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    filters.push(sql`(complaints.number ilike ${pattern} or complaints.title ilike ${pattern} or c.name ilike ${pattern})`);
  }
  const where = sql.join(filters, sql` and `);
  return {
    page: sql`${selectSql(ctx, where)}
      order by (complaints.status = 'closed'), (complaints.first_response_at is null) desc, complaints.sla_level desc, complaints.opened_at desc, complaints.id
      limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`,
    // The customer is joined only for a text search on its name: an open-queue count stays on the complaints_open_idx index.
    count: sql`select count(*)::int as total from complaints ${query.q ? sql`join customers c on c.id = complaints.customer_id` : sql``} where ${where}`,
  };
}

/** The complaint queue: tickets in the caller's reach, filters, most urgent first (unanswered by age). */
export async function listComplaints(ctx: Ctx, query: ComplaintListQuery) {
  complaintsAccess.require(ctx.actor, 'read');
  const statements = complaintQueueStatements(ctx, query);
  const [rows, total, { settings, calendar }] = await Promise.all([
    ctx.db.execute<RowRecord>(statements.page),
    ctx.db.execute<{ total: number }>(statements.count),
    loadCalendar(ctx.db),
  ]);
  return {
    items: rows.rows.map((row) => presentRow(row, calendar, settings, pausesOfRow(row), ctx.now)),
    total: total.rows[0]!.total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** One ticket with its timeline, files and survey; 404 outside the caller's reach. */
export async function getComplaint(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Complaint> {
  const result = await executor.execute<RowRecord>(selectSql(ctx, sql`complaints.id = ${id} and ${complaintScope(ctx, 'read')}`));
  const row = result.rows[0];
  if (!row) throw notFound('complaint');
  const [{ settings, calendar }, pauses, events, files, survey] = await Promise.all([
    loadCalendar(executor),
    pausesOf(executor, [id]),
    executor.execute<{ id: string; kind: Complaint['events'][number]['kind']; note: string | null; at: string; actor_name: string | null }>(
      sql`select e.id, e.kind, e.note, e.at, u.display_name as actor_name from complaint_events e left join users u on u.id = e.actor_id
           where e.complaint_id = ${id} order by e.at, (e.kind = 'survey_sent'), e.id`,
    ),
    executor.execute<{ id: string; file_name: string; mime_type: string; size: number; created_at: string }>(
      sql`select id, file_name, mime_type, size, created_at from complaint_attachments where complaint_id = ${id} order by created_at, id`,
    ),
    executor.execute<{ token: string; answered_at: string | null; expires_at: string }>(
      sql`select token, answered_at, expires_at from survey_links where complaint_id = ${id}`,
    ),
  ]);
  const base = presentRow(row, calendar, settings, pauses.get(id) ?? [], ctx.now);
  const canWrite = row.can_write && complaintsAccess.can(ctx.actor, 'write');
  const s = survey.rows[0];
  return {
    ...base,
    description: row.description as string,
    orderId: (row.order_id as string | null) ?? null,
    contractId: (row.contract_id as string | null) ?? null,
    rootCause: (row.root_cause as string | null) ?? null,
    correctiveAction: (row.corrective_action as string | null) ?? null,
    resolution: (row.resolution as string | null) ?? null,
    resolvedAt: iso(toDate(row.resolved_at as string | null)),
    reopenCount: row.reopen_count as number,
    actions: canWrite ? [...complaintActions(row.status)] : [],
    events: events.rows.map((e) => ({ id: e.id, kind: e.kind, note: e.note, at: iso(e.at)!, actorName: e.actor_name })),
    attachments: files.rows.map((f) => ({
      id: f.id,
      fileName: f.file_name,
      mimeType: f.mime_type,
      size: f.size,
      createdAt: iso(f.created_at)!,
    })),
    survey: s ? { token: s.token, answeredAt: iso(s.answered_at), expiresAt: iso(s.expires_at)! } : null,
    abilities: { update: canWrite, attach: canWrite && row.status !== 'closed' },
  };
}

/** The region (org unit of kind region) above a user's unit, if any. */
async function regionOf(executor: Executor, userId: string): Promise<string | null> {
  const result = await executor.execute<{ id: string }>(sql`
    select r.id from users u join org_units o on o.id = u.org_unit_id
      join org_units r on o.path like r.path || '%' and r.kind = 'region'
     where u.id = ${userId} limit 1`);
  return result.rows[0]?.id ?? null;
}

/**
 * Routing (issue 20 item 5): categories listed in `queueCategories` go to the service queue of the
 * customer's region (its first member works it, every member sees it); the rest to the customer's
 * owner. A customer without an owner (the pool) goes to the queue of the logger's region, else to
 * the logger.
 */
async function route(
  executor: Executor,
  ctx: Ctx,
  settings: { queueCategories: string[] },
  category: string,
  customerOwnerId: string | null,
): Promise<{ ownerId: string; queueId: string | null }> {
  const toQueue = settings.queueCategories.includes(category) || !customerOwnerId;
  if (toQueue) {
    const region = await regionOf(executor, customerOwnerId ?? ctx.actor.id);
    if (region) {
      const queue = await executor.execute<{ id: string; member_ids: string[] }>(
        sql`select id, member_ids from service_queues where org_unit_id = ${region} and cardinality(member_ids) > 0`,
      );
      const q = queue.rows[0];
      if (q) return { ownerId: q.member_ids[0]!, queueId: q.id };
    }
  }
  return { ownerId: customerOwnerId ?? ctx.actor.id, queueId: null };
}

async function recordEvent(executor: Executor, complaintId: string, kind: string, note: string | null, at: Date, actorId: string | null) {
  await executor.insert(complaintEvents).values({ complaintId, kind, note, at, actorId });
}

/** Logs a complaint (立案): routed, numbered, its R-SVC-1 clock started; the assignee is told. */
export async function createComplaint(ctx: Ctx, input: ComplaintCreate): Promise<Complaint> {
  complaintsAccess.require(ctx.actor, 'write');
  const { settings, calendar } = await loadCalendar(ctx.db);
  if (!settings.categories.includes(input.category)) throw badRequest('body.category', 'not one of the configured complaint categories');
  const { timeZone } = await getSettings(ctx.db);
  // A complaint taken by phone may be logged a little later: its clock starts when it came in.
  const openedAt = input.openedAt ? new Date(input.openedAt) : ctx.now;
  if (openedAt.getTime() > ctx.now.getTime()) throw badRequest('body.openedAt', 'cannot be in the future');
  if (openedAt.getTime() < ctx.now.getTime() - 30 * 86_400_000) throw badRequest('body.openedAt', 'more than 30 days ago');
  const id = await ctx.db.transaction(async (tx) => {
    const customer = await customerInScope(ctx, tx, input.customerId);
    if (input.orderId) {
      const found = await tx.execute(sql`select 1 from orders where id = ${input.orderId} and customer_id = ${customer.id}`);
      if (!found.rows.length) throw badRequest('body.orderId', 'no such order of this customer');
    }
    if (input.contractId) {
      const found = await tx.execute(sql`select 1 from contracts where id = ${input.contractId} and customer_id = ${customer.id}`);
      if (!found.rows.length) throw badRequest('body.contractId', 'no such contract of this customer');
    }
    const routed = await route(tx, ctx, settings, input.category, customer.ownerId);
    const day = new Date(calendarDay(ctx.now, timeZone));
    const number = await nextDocumentNumber(tx, 'complaint', NUMBER_PATTERN, { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1 });
    const clock = slaClock(
      calendar,
      { openedAt, respondedAt: null, pauses: [], targetMinutes: settings.firstResponseMinutes, warnPercent: settings.warnPercent },
      ctx.now,
    );
    const [created] = await tx
      .insert(complaints)
      .values({
        number,
        title: input.title,
        category: input.category,
        priority: input.priority ?? 'normal',
        channel: input.channel,
        description: input.description,
        customerId: customer.id,
        orderId: input.orderId ?? null,
        contractId: input.contractId ?? null,
        ownerId: routed.ownerId,
        queueId: routed.queueId,
        openedAt,
        slaLevel: 0,
        // Already past a level (logged late): the next sweep raises it.
        slaNextAt: clock.level === 'none' ? clock.nextLevelAt : openedAt,
        createdById: ctx.actor.id,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning({ id: complaints.id });
    await recordEvent(tx, created!.id, 'created', null, openedAt, ctx.actor.id);
    await ctx.audit(tx, { action: 'create', entity: 'complaints', entityId: created!.id, summary: `${number} ${input.title}` });
    if (routed.ownerId !== ctx.actor.id) {
      await notify(tx, [
        {
          userId: routed.ownerId,
          kind: 'service.complaint_assigned',
          title: `${number} ${input.title}`,
          titleMessage: message('service.messages.assigned', { number, customer: customer.name }),
          link: `/complaints/${created!.id}`,
        },
      ]);
    }
    return created!.id;
  });
  return getComplaint(ctx, id);
}

/** One step of the closed loop (complaint-flow.ts); version-checked (409), out of reach 404. */
export async function actOnComplaint(ctx: Ctx, id: string, input: ComplaintActionInput): Promise<Complaint> {
  complaintsAccess.require(ctx.actor, 'write');
  const { settings, calendar } = await loadCalendar(ctx.db);
  await ctx.db.transaction(async (tx) => {
    const locked = await tx.execute<{
      id: string;
      status: ComplaintStatus;
      version: number;
      opened_at: string;
      first_response_at: string | null;
      number: string;
      owner_id: string;
      customer_id: string;
    }>(
      sql`select complaints.id, complaints.status, complaints.version, complaints.opened_at, complaints.first_response_at, complaints.number, complaints.owner_id, complaints.customer_id from complaints
           where complaints.id = ${id} and ${complaintScope(ctx, 'write')} for update of complaints`,
    );
    const row = locked.rows[0];
    if (!row) throw notFound('complaint');
    if (row.version !== input.version) throw conflict();
    const responded = row.first_response_at !== null;
    const status = nextComplaintStatus(row.status, input.action, responded);
    const note = input.note ?? null;
    const set: Partial<typeof complaints.$inferInsert> = { status, updatedAt: ctx.now };
    switch (input.action) {
      case 'respond':
        set.firstResponseAt = ctx.now;
        set.slaNextAt = null;
        break;
      case 'wait':
        await tx.insert(complaintPauses).values({ complaintId: id, fromAt: ctx.now });
        set.pausedSince = ctx.now;
        set.slaNextAt = null;
        break;
      case 'resume': {
        await tx.execute(sql`update complaint_pauses set to_at = ${ctx.now} where complaint_id = ${id} and to_at is null`);
        set.pausedSince = null;
        if (!responded) {
          const pauses = (await pausesOf(tx, [id])).get(id) ?? [];
          const clock = slaClock(
            calendar,
            {
              openedAt: parsePgTimestamp(row.opened_at),
              respondedAt: null,
              pauses,
              targetMinutes: settings.firstResponseMinutes,
              warnPercent: settings.warnPercent,
            },
            ctx.now,
          );
          set.slaNextAt = clock.nextLevelAt;
        }
        break;
      }
      case 'resolve':
        if (!input.rootCause) throw badRequest('body.rootCause', 'name the root cause');
        if (!input.correctiveAction) throw badRequest('body.correctiveAction', 'name the corrective action');
        set.rootCause = input.rootCause;
        set.correctiveAction = input.correctiveAction;
        set.resolution = input.resolution ?? null;
        set.resolvedAt = ctx.now;
        break;
      case 'confirm':
        set.closedAt = ctx.now;
        break;
      case 'reopen':
        if (!note) throw badRequest('body.note', 'say why the customer is not satisfied');
        set.resolvedAt = null;
        set.reopenCount = sql`${complaints.reopenCount} + 1` as unknown as number;
        break;
      case 'note':
        if (!note) throw badRequest('body.note', 'write the note');
        break;
    }
    await tx
      .update(complaints)
      .set({ ...set, version: row.version + 1 })
      .where(sql`${complaints.id} = ${id}`);
    const eventNote =
      input.action === 'resolve' ? [input.rootCause, input.correctiveAction, input.resolution].filter(Boolean).join(' / ') : note;
    await recordEvent(tx, id, input.action, eventNote, ctx.now, ctx.actor.id);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'complaints',
      entityId: id,
      changes: row.status === status ? {} : { status: [row.status, status] },
      summary: `${row.number} ${input.action}`,
    });
    if (input.action === 'confirm') {
      const sent = await sendSurveyForComplaint(tx, ctx.now, { complaintId: id, customerId: row.customer_id, ownerId: row.owner_id });
      if (sent) await recordEvent(tx, id, 'survey_sent', null, ctx.now, ctx.actor.id);
    }
  });
  return getComplaint(ctx, id);
}

const LEVEL_KINDS = { warning: 'sla_warning', breached: 'sla_breached', escalated: 'sla_escalated' } as const;
const COUNT_OF_KIND = { sla_warning: 'warnings', sla_breached: 'breaches', sla_escalated: 'escalations' } as const;

/** One level to raise on one ticket: its timeline row and whom it tells. */
interface Raise {
  complaintId: string;
  kind: (typeof LEVEL_KINDS)[keyof typeof LEVEL_KINDS];
  at: Date;
  recipientId: string | null;
  title: string;
  titleMessage: Message;
}

/**
 * R-SVC-1 sweep (scheduled every minute; the scheduler's lease runs it once across processes): for
 * each unanswered, running ticket whose next level has come, raise each level passed — warning to
 * the assignee, breach to the assignee's supervisor, 2× breach to the manager above — once: the
 * timeline's unique (ticket, level) index refuses a second raise, and only a first one notifies.
 * Set-based: the clock is computed per ticket in memory (sla-clock.ts), then one statement writes
 * every level's timeline row with its notification, and one moves every ticket's next level —
 * a constant number of statements however many tickets are due.
 */
export async function sweepSla(db: Executor, now: Date): Promise<{ warnings: number; breaches: number; escalations: number }> {
  const counts = { warnings: 0, breaches: 0, escalations: 0 };
  const due = await db.execute<{
    id: string;
    number: string;
    title: string;
    opened_at: string;
    owner_id: string;
    sla_level: number;
    supervisor: string | null;
    manager: string | null;
  }>(
    sql`select c.id, c.number, c.title, c.opened_at, c.owner_id, c.sla_level, s.id as supervisor, m.id as manager
          from complaints c join users o on o.id = c.owner_id left join users s on s.id = o.manager_id left join users m on m.id = s.manager_id
         where c.sla_next_at <= ${now} and c.first_response_at is null and c.paused_since is null order by c.sla_next_at limit 5000`,
  );
  if (!due.rows.length) return counts;
  const [{ settings, calendar }, pauses] = await Promise.all([
    loadCalendar(db, { fresh: true }),
    pausesOf(
      db,
      due.rows.map((r) => r.id),
    ),
  ]);
  const thresholds = { warning: settings.warnPercent / 100, breached: 1, escalated: 2 } as const;
  const raises: Raise[] = [];
  const moves: { id: string; level: number; nextAt: Date | null }[] = [];
  for (const ticket of due.rows) {
    const input = {
      openedAt: parsePgTimestamp(ticket.opened_at),
      respondedAt: null,
      pauses: pauses.get(ticket.id) ?? [],
      targetMinutes: settings.firstResponseMinutes,
      warnPercent: settings.warnPercent,
    };
    const clock = slaClock(calendar, input, now);
    const level = SLA_LEVELS.indexOf(clock.level);
    for (let l = ticket.sla_level + 1; l <= level; l += 1) {
      const name = SLA_LEVELS[l] as keyof typeof LEVEL_KINDS;
      const reached = thresholdReachedAt(calendar, input, settings.firstResponseMinutes * 60_000 * thresholds[name]);
      const recipientId =
        name === 'warning'
          ? ticket.owner_id
          : name === 'breached'
            ? (ticket.supervisor ?? ticket.owner_id)
            : (ticket.manager ?? ticket.supervisor);
      raises.push({
        complaintId: ticket.id,
        kind: LEVEL_KINDS[name],
        at: reached && reached.getTime() < now.getTime() ? reached : now,
        recipientId,
        title: `${ticket.number} ${ticket.title}`,
        titleMessage: message(`service.messages.sla_${name}`, { number: ticket.number }),
      });
    }
    moves.push({ id: ticket.id, level, nextAt: clock.nextLevelAt });
  }
  if (raises.length) {
    // A level already on the timeline (a concurrent or earlier sweep) is skipped, and so is its notification.
    const raised = await db.execute<{ kind: Raise['kind'] }>(sql`
      with input as (
        select * from unnest(${sql.param(raises.map((r) => r.complaintId))}::uuid[], ${sql.param(raises.map((r) => r.kind))}::text[],
                             ${sql.param(raises.map((r) => r.at.toISOString()))}::timestamptz[], ${sql.param(raises.map((r) => r.recipientId))}::uuid[],
                             ${sql.param(raises.map((r) => r.title))}::text[], ${sql.param(raises.map((r) => JSON.stringify(r.titleMessage)))}::jsonb[])
          as t(complaint_id, kind, at, recipient_id, title, title_message)
      ), inserted as (
        insert into complaint_events (complaint_id, kind, at) select complaint_id, kind, at from input
        on conflict (complaint_id, kind) where kind in ('sla_warning', 'sla_breached', 'sla_escalated') do nothing
        returning complaint_id, kind
      ), told as (
        insert into notifications (user_id, kind, title, link, title_message)
        select i.recipient_id, 'service.' || i.kind, i.title, '/complaints/' || i.complaint_id, i.title_message
          from inserted e join input i on i.complaint_id = e.complaint_id and i.kind = e.kind
         where i.recipient_id is not null
      )
      select kind from inserted`);
    for (const row of raised.rows) counts[COUNT_OF_KIND[row.kind]] += 1;
  }
  // A ticket answered or put on hold meanwhile keeps what its action set.
  await db.execute(sql`
    update complaints c set sla_level = greatest(c.sla_level, m.level), sla_next_at = m.next_at
      from unnest(${sql.param(moves.map((m) => m.id))}::uuid[], ${sql.param(moves.map((m) => m.level))}::smallint[],
                  ${sql.param(moves.map((m) => m.nextAt?.toISOString() ?? null))}::timestamptz[]) as m(id, level, next_at)
     where c.id = m.id and c.first_response_at is null and c.paused_since is null`);
  return counts;
}

/**
 * The service queues as rows (settings hold the list; the access predicate reads members in SQL).
 * A queue dropped from the settings keeps its row, emptied, for the tickets routed to it.
 */
export async function syncQueues(executor: Executor, queues: { orgUnitId: string; memberIds: string[] }[]): Promise<void> {
  for (const [index, queue] of queues.entries()) {
    const unit = await executor.execute(sql`select 1 from org_units where id = ${queue.orgUnitId}`);
    if (!unit.rows.length) throw badRequest(`body.queues.${index}.orgUnitId`, 'no such org unit');
    const members = await executor.execute<{ n: number }>(
      sql`select count(*)::int as n from users where id = any(${sql.param(queue.memberIds)}::uuid[]) and not disabled`,
    );
    if (members.rows[0]!.n !== new Set(queue.memberIds).size) throw badRequest(`body.queues.${index}.memberIds`, 'no such active user');
    await executor.execute(sql`
      insert into service_queues (org_unit_id, member_ids, updated_at) values (${queue.orgUnitId}, ${sql.param(queue.memberIds)}::uuid[], now())
      on conflict (org_unit_id) do update set member_ids = excluded.member_ids, updated_at = now()`);
  }
  const kept = queues.map((q) => q.orgUnitId);
  await executor.execute(
    sql`update service_queues set member_ids = '{}', updated_at = now() where not (org_unit_id = any(${sql.param(kept)}::uuid[]))`,
  );
}

/** The home page card (issue 20 item 7): open critical complaints in the caller's reach, newest first. */
export async function criticalComplaints(ctx: Ctx): Promise<CriticalComplaints> {
  complaintsAccess.require(ctx.actor, 'read');
  const where = sql`complaints.priority = 'critical' and complaints.status <> 'closed' and ${complaintScope(ctx, 'read')}`;
  const [rows, total] = await Promise.all([
    ctx.db.execute<{
      id: string;
      number: string;
      title: string;
      customer_id: string;
      customer_name: string;
      opened_at: string;
      status: ComplaintStatus;
    }>(sql`
      select complaints.id, complaints.number, complaints.title, complaints.customer_id, c.name as customer_name,
             complaints.opened_at, complaints.status
        from complaints join customers c on c.id = complaints.customer_id
       where ${where}
       order by complaints.opened_at desc, complaints.id
       limit 5`),
    ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from complaints where ${where}`),
  ]);
  return {
    count: total.rows[0]!.n,
    items: rows.rows.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      customerId: r.customer_id,
      customerName: r.customer_name,
      openedAt: iso(r.opened_at)!,
      status: r.status,
    })),
  };
}
