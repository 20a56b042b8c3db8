import { sql, type SQL } from 'drizzle-orm';
import {
  MEETING_TEMPLATES,
  type ActionItem,
  type Meeting,
  type MeetingRow,
  type actionItemInputSchema,
  type actionItemReviewSchema,
  type meetingInputSchema,
  type meetingListQuerySchema,
  type meetingMinutesSchema,
} from '@xiaoguan/shared';
import type { z } from 'zod';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { containsPattern } from '../../platform/db/like.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { staleVersion } from '../../platform/audit/stale-version.js';
import { notify } from '../../platform/notifications/notifications.js';
import { createLinkedTask, setLinkedTaskDone } from '../customers/index.js';
import { teamworkAccess } from './teamwork.access.js';

/**
 * Minutes follow the team and the line (R-SEC-1, issue 21 item 6): the organiser's reach under
 * `teamwork.read` (their supervisor, manager, director — up the line), the attendees, the members of
 * the meeting's team, and the owners of its action items.
 */
export function meetingVisible(ctx: Ctx, m: SQL = sql`m`): SQL {
  return sql`(${teamworkAccess.where(ctx.actor, 'read', sql`${m}.organiser_id`)}
    or ${ctx.actor.id}::uuid = any(${m}.attendee_ids)
    or (${m}.unit_id is not null and ${m}.unit_id = ${ctx.actor.orgUnitId}::uuid)
    or exists (select 1 from meeting_action_items vi where vi.meeting_id = ${m}.id and vi.owner_id = ${ctx.actor.id}))`;
}

const meetingWritable = (ctx: Ctx) => teamworkAccess.where(ctx.actor, 'write', sql`m.organiser_id`);

const ACTION_ITEM_COLUMNS = (now: Date) => sql`
  ai.id, ai.meeting_id, m.title as meeting_title, ai.title, ai.owner_id, u.display_name as owner_name, ai.due_at, ai.customer_id,
  ai.task_id, t.done_at, ai.review_note, ai.reviewed_at, ai.reviewed_in_meeting_id, ai.version,
  case when ai.dropped_at is not null then 'dropped' when t.done_at is not null then 'done'
       when ai.due_at < ${now.toISOString()}::timestamptz then 'overdue' else 'open' end as state`;

type ActionItemRow = {
  id: string;
  meeting_id: string;
  meeting_title: string;
  title: string;
  owner_id: string;
  owner_name: string;
  due_at: string;
  customer_id: string | null;
  task_id: string | null;
  done_at: string | null;
  review_note: string | null;
  reviewed_at: string | null;
  reviewed_in_meeting_id: string | null;
  version: number;
  state: ActionItem['state'];
};

function presentItem(row: ActionItemRow): ActionItem {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    meetingTitle: row.meeting_title,
    title: row.title,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    dueAt: iso(row.due_at)!,
    customerId: row.customer_id,
    taskId: row.task_id,
    state: row.state,
    doneAt: iso(row.done_at),
    reviewNote: row.review_note,
    reviewedAt: iso(row.reviewed_at),
    reviewedInMeetingId: row.reviewed_in_meeting_id,
    version: row.version,
  };
}

async function selectItems(ctx: Ctx, executor: Executor, where: SQL, order: SQL = sql`ai.due_at, ai.id`): Promise<ActionItem[]> {
  const rows = await executor.execute<ActionItemRow>(sql`
    select ${ACTION_ITEM_COLUMNS(ctx.now)}
      from meeting_action_items ai join team_meetings m on m.id = ai.meeting_id join users u on u.id = ai.owner_id
      left join follow_up_tasks t on t.id = ai.task_id
     where ${where} order by ${order} limit 500`);
  return rows.rows.map(presentItem);
}

function seriesKey(kind: string, unitId: string | null, organiserId: string, attendeeIds: string[]): string {
  if (kind === 'one_to_one') return `one_to_one:${[organiserId, attendeeIds[0]].sort().join(':')}`;
  return `${kind}:${unitId ?? organiserId}`;
}

export async function createMeeting(ctx: Ctx, input: z.infer<typeof meetingInputSchema>): Promise<Meeting> {
  teamworkAccess.require(ctx.actor, 'write');
  let attendeeIds = [...new Set(input.attendeeIds)].filter((id) => id !== ctx.actor.id);
  if (input.kind === 'one_to_one' && attendeeIds.length !== 1)
    throw badRequest('body.attendeeIds', 'a one-to-one has exactly one other person');
  return ctx.db.transaction(async (tx) => {
    if (attendeeIds.length) {
      const known = await tx.execute<{ id: string }>(sql`
        select id from users where id = any(${sql.param(attendeeIds)}::uuid[]) and not disabled`);
      if (known.rows.length !== attendeeIds.length) throw badRequest('body.attendeeIds', 'not a known active user');
    } else if (ctx.actor.orgUnitId) {
      // A team meeting without a list: the organiser's team.
      const team = await tx.execute<{ id: string }>(sql`
        select id from users where org_unit_id = ${ctx.actor.orgUnitId} and not disabled and id <> ${ctx.actor.id} order by display_name`);
      attendeeIds = team.rows.map((r) => r.id);
    }
    const agenda = input.agenda ?? MEETING_TEMPLATES[input.kind].map((key) => ({ key, title: '' }));
    const created = await tx.execute<{ id: string }>(sql`
      insert into team_meetings (kind, title, starts_at, unit_id, organiser_id, attendee_ids, series_key, agenda, created_at, updated_at)
      values (${input.kind}, ${input.title}, ${input.startsAt}::timestamptz, ${ctx.actor.orgUnitId}::uuid, ${ctx.actor.id},
              ${sql.param(attendeeIds)}::uuid[], ${seriesKey(input.kind, ctx.actor.orgUnitId, ctx.actor.id, attendeeIds)},
              ${JSON.stringify(agenda)}::jsonb, ${ctx.now}, ${ctx.now})
      returning id`);
    const id = created.rows[0]!.id;
    await ctx.audit(tx, { action: 'create', entity: 'team_meetings', entityId: id, summary: input.title });
    return getMeeting(ctx, id, tx);
  });
}

export async function listMeetings(ctx: Ctx, query: z.infer<typeof meetingListQuerySchema>) {
  teamworkAccess.require(ctx.actor, 'read');
  const filters: SQL[] = [meetingVisible(ctx)];
  if (query.kind) filters.push(sql`m.kind = ${query.kind}`);
  const pattern = query.q?.trim() ? containsPattern(query.q.trim()) : null;
  if (pattern) filters.push(sql`(m.title ilike ${pattern} or m.minutes ilike ${pattern} or m.decisions::text ilike ${pattern})`);
  const where = sql.join(filters, sql` and `);
  const [rows, total] = await Promise.all([
    ctx.db.execute<{
      id: string;
      kind: MeetingRow['kind'];
      title: string;
      starts_at: string;
      unit_name: string | null;
      organiser_id: string;
      organiser_name: string;
      held_at: string | null;
      items: number;
      open_items: number;
      minutes: string;
    }>(sql`
      select m.id, m.kind, m.title, m.starts_at, ou.name as unit_name, m.organiser_id, u.display_name as organiser_name, m.held_at,
             (select count(*)::int from meeting_action_items ai where ai.meeting_id = m.id) as items,
             (select count(*)::int from meeting_action_items ai left join follow_up_tasks t on t.id = ai.task_id
               where ai.meeting_id = m.id and ai.dropped_at is null and t.done_at is null) as open_items,
             case when ${pattern ?? ''} <> '' then m.minutes else '' end as minutes
        from team_meetings m join users u on u.id = m.organiser_id left join org_units ou on ou.id = m.unit_id
       where ${where}
       order by m.starts_at desc, m.id limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`),
    ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from team_meetings m where ${where}`),
  ]);
  const needle = query.q?.trim().toLowerCase() ?? '';
  const items: MeetingRow[] = rows.rows.map((r) => {
    const at = needle ? r.minutes.toLowerCase().indexOf(needle) : -1;
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      startsAt: iso(r.starts_at)!,
      unitName: r.unit_name,
      organiserId: r.organiser_id,
      organiserName: r.organiser_name,
      heldAt: iso(r.held_at),
      actionItems: r.items,
      openActionItems: r.open_items,
      snippet: at >= 0 ? r.minutes.slice(Math.max(0, at - 30), at + needle.length + 60) : null,
    };
  });
  return { items, total: total.rows[0]!.n, page: query.page, pageSize: query.pageSize };
}

export async function getMeeting(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Meeting> {
  teamworkAccess.require(ctx.actor, 'read');
  const rows = await executor.execute<{
    id: string;
    kind: Meeting['kind'];
    title: string;
    starts_at: string;
    unit_id: string | null;
    unit_name: string | null;
    organiser_id: string;
    organiser_name: string;
    attendee_ids: string[];
    series_key: string;
    agenda: Meeting['agenda'];
    minutes: string;
    decisions: Meeting['decisions'];
    held_at: string | null;
    version: number;
    can_write: boolean;
    previous_id: string | null;
  }>(sql`
    select m.id, m.kind, m.title, m.starts_at, m.unit_id, ou.name as unit_name, m.organiser_id, u.display_name as organiser_name,
           m.attendee_ids, m.series_key, m.agenda, m.minutes, m.decisions, m.held_at, m.version,
           coalesce(${meetingWritable(ctx)}, false) as can_write,
           (select p.id from team_meetings p where p.series_key = m.series_key and (p.starts_at, p.id) < (m.starts_at, m.id)
             order by p.starts_at desc, p.id desc limit 1) as previous_id
      from team_meetings m join users u on u.id = m.organiser_id left join org_units ou on ou.id = m.unit_id
     where m.id = ${id} and ${meetingVisible(ctx)}`);
  const m = rows.rows[0];
  if (!m) throw notFound('meeting');
  const attendees = await executor.execute<{ id: string; name: string }>(sql`
    select id, display_name as name from users where id = any(${sql.param(m.attendee_ids)}::uuid[]) order by display_name, id`);
  const actionItems = await selectItems(ctx, executor, sql`ai.meeting_id = ${id}`, sql`ai.created_at, ai.id`);
  // Reviewed here: the earlier meetings' items of the series not yet reviewed elsewhere (open, done or overdue).
  const toReview = await selectItems(
    ctx,
    executor,
    sql`m.series_key = ${m.series_key} and m.starts_at < ${m.starts_at}::timestamptz
      and (ai.reviewed_in_meeting_id = ${id} or (ai.reviewed_in_meeting_id is null and ai.dropped_at is null))`,
  );
  return {
    id: m.id,
    kind: m.kind,
    title: m.title,
    startsAt: iso(m.starts_at)!,
    unitId: m.unit_id,
    unitName: m.unit_name,
    organiserId: m.organiser_id,
    organiserName: m.organiser_name,
    attendees: attendees.rows,
    agenda: m.agenda,
    minutes: m.minutes,
    decisions: m.decisions,
    heldAt: iso(m.held_at),
    previousMeetingId: m.previous_id,
    actionItems,
    toReview,
    version: m.version,
    abilities: { update: m.can_write, addActionItem: m.can_write, review: m.can_write },
  };
}

/** Minutes written during the meeting: autosaved with the version read, so two writers get a 409, not a lost edit. */
export async function saveMinutes(ctx: Ctx, id: string, input: z.infer<typeof meetingMinutesSchema>): Promise<Meeting> {
  teamworkAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.execute<{ version: number; held_at: string | null; minutes: string; title: string }>(sql`
      select m.version, m.held_at, m.minutes, m.title from team_meetings m where m.id = ${id} and ${meetingWritable(ctx)} for update`);
    const before = rows.rows[0];
    if (!before) throw notFound('meeting');
    if (before.version !== input.version) throw await staleVersion(tx, 'team_meetings', id);
    const heldAt = input.held === undefined ? undefined : input.held ? (before.held_at ?? ctx.now.toISOString()) : null;
    await tx.execute(sql`
      update team_meetings set
        minutes = coalesce(${input.minutes ?? null}, minutes),
        decisions = coalesce(${input.decisions ? JSON.stringify(input.decisions) : null}::jsonb, decisions),
        agenda = coalesce(${input.agenda ? JSON.stringify(input.agenda) : null}::jsonb, agenda),
        held_at = ${heldAt === undefined ? sql`held_at` : sql`${heldAt}::timestamptz`},
        updated_at = ${ctx.now}, version = version + 1
      where id = ${id}`);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'team_meetings',
      entityId: id,
      summary: before.title,
      changes: {
        minutesLength: [before.minutes.length, input.minutes?.length ?? before.minutes.length],
        ...(heldAt !== undefined ? { heldAt: [before.held_at, heldAt] } : {}),
      },
    });
    return getMeeting(ctx, id, tx);
  });
}

/** An action item: a real follow-up task in the owner's day (my-day), linked back to the meeting. */
export async function addActionItem(ctx: Ctx, meetingId: string, input: z.infer<typeof actionItemInputSchema>): Promise<Meeting> {
  teamworkAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.execute<{ organiser_id: string; attendee_ids: string[]; title: string }>(sql`
      select m.organiser_id, m.attendee_ids, m.title from team_meetings m where m.id = ${meetingId} and ${meetingWritable(ctx)} for update`);
    const meeting = rows.rows[0];
    if (!meeting) throw notFound('meeting');
    if (input.ownerId !== meeting.organiser_id && !meeting.attendee_ids.includes(input.ownerId))
      throw badRequest('body.ownerId', 'the owner is someone at the meeting');
    if (new Date(input.dueAt) <= ctx.now) throw badRequest('body.dueAt', 'the due date is in the past');
    if (input.customerId) {
      const customer = await tx.execute(sql`select 1 from customers where id = ${input.customerId} and merged_into_id is null`);
      if (!customer.rows.length) throw badRequest('body.customerId', 'no such customer');
    }
    const taskId = await createLinkedTask(tx, {
      ownerId: input.ownerId,
      title: input.title,
      dueAt: new Date(input.dueAt),
      link: `/teamwork/meetings/${meetingId}`,
      customerId: input.customerId ?? null,
      now: ctx.now,
    });
    const created = await tx.execute<{ id: string }>(sql`
      insert into meeting_action_items (meeting_id, title, owner_id, due_at, customer_id, task_id, created_at)
      values (${meetingId}, ${input.title}, ${input.ownerId}, ${input.dueAt}::timestamptz, ${input.customerId ?? null}, ${taskId}, ${ctx.now})
      returning id`);
    await ctx.audit(tx, { action: 'create', entity: 'meeting_action_items', entityId: created.rows[0]!.id, summary: input.title });
    if (input.ownerId !== ctx.actor.id)
      await notify(tx, [
        { userId: input.ownerId, kind: 'teamwork.actionItem', title: input.title, link: `/teamwork/meetings/${meetingId}` },
      ]);
    return getMeeting(ctx, meetingId, tx);
  });
}

/** At the next meeting of the series: the item is noted as reviewed there, or dropped (its task leaves the owner's day). */
export async function reviewActionItem(ctx: Ctx, id: string, input: z.infer<typeof actionItemReviewSchema>): Promise<Meeting> {
  teamworkAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const at = await tx.execute<{ version: number; task_id: string | null; series_key: string; starts_at: string; title: string }>(sql`
      select ai.version, ai.task_id, m.series_key, m.starts_at, ai.title from meeting_action_items ai join team_meetings m on m.id = ai.meeting_id
       where ai.id = ${id} and ${meetingVisible(ctx)} for update of ai`);
    const item = at.rows[0];
    if (!item) throw notFound('action item');
    const target = await tx.execute<{ id: string }>(sql`
      select m.id from team_meetings m where m.id = ${input.meetingId} and ${meetingWritable(ctx)}
         and m.series_key = ${item.series_key} and m.starts_at > ${item.starts_at}::timestamptz`);
    if (!target.rows.length) throw badRequest('body.meetingId', 'a later meeting of the same series that you run');
    if (item.version !== input.version) throw await staleVersion(tx, 'meeting_action_items', id);
    await tx.execute(sql`
      update meeting_action_items set review_note = ${input.note || null}, reviewed_at = ${ctx.now}, reviewed_in_meeting_id = ${input.meetingId},
             dropped_at = case when ${input.drop} then ${ctx.now}::timestamptz else null end, version = version + 1
       where id = ${id}`);
    if (input.drop && item.task_id) await setLinkedTaskDone(tx, item.task_id, true, ctx.now);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'meeting_action_items',
      entityId: id,
      summary: item.title,
      changes: { reviewed: [null, input.meetingId], ...(input.drop ? { dropped: [false, true] } : {}) },
    });
    return getMeeting(ctx, input.meetingId, tx);
  });
}

/** Action items the caller owns (their phone list), or within reach when `all`. */
export async function listActionItems(ctx: Ctx, query: { mine?: boolean; state?: ActionItem['state'] }): Promise<ActionItem[]> {
  teamworkAccess.require(ctx.actor, 'read');
  const filters: SQL[] = [query.mine ? sql`ai.owner_id = ${ctx.actor.id}` : meetingVisible(ctx)];
  const items = await selectItems(ctx, ctx.db, sql.join(filters, sql` and `), sql`ai.due_at desc, ai.id`);
  return query.state ? items.filter((item) => item.state === query.state) : items;
}
