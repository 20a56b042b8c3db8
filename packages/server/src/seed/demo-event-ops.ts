import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { BudgetVersionLine, EventCostCategory } from '@xiaoguan/shared';
import type { Executor } from '../platform/db/client.js';
import { insertRows } from './bulk-insert.js';
import { sfc32 } from './demo-customers.js';
import { eventBudgetLines, eventBudgets, eventBudgetVersions, eventCosts, eventPrepTasks } from '../modules/events/event-ops.schema.js';
import { DEFAULT_EVENT_OPS_SETTINGS } from '../modules/events/event-ops.settings.js';

const DAY = 86_400_000;

/** A typical seminar budget (001 费用预算), in cents, scaled per event. */
const BUDGET: [EventCostCategory, string, number][] = [
  ['venue', '会场租赁', 1_200_000],
  ['catering', '茶歇与午餐', 600_000],
  ['gifts', '伴手礼', 450_000],
  ['materials', '宣传资料印刷', 200_000],
  ['speakers', '专家讲课费', 500_000],
  ['invitation', '电话与短信邀约', 80_000],
];

/**
 * Budgets, actual costs and preparation checklists for the demo events (issue 17 items 2, 9): every
 * event gets an approved budget; past events their actual costs (85–100 % of each line, so the
 * R-EVT-2 cost figures are meaningful) and a finished checklist; the upcoming one part of its costs
 * and a checklist under way. Deterministic for a seed and a moment.
 */
export async function seedDemoEventOps(
  db: Executor,
  options: { now?: Date; seed?: number } = {},
): Promise<{ budgets: number; costs: number }> {
  const now = options.now ?? new Date();
  const random = sfc32(options.seed ?? 20261207);
  const list = await db.execute<{ id: string; status: string; starts_at: Date | string; organiser_id: string }>(
    sql`select id, status, starts_at, organiser_id from events order by starts_at, id`,
  );
  const lines: (typeof eventBudgetLines.$inferInsert)[] = [];
  const costs: (typeof eventCosts.$inferInsert)[] = [];
  const tasks: (typeof eventPrepTasks.$inferInsert)[] = [];
  const versions: (typeof eventBudgetVersions.$inferInsert)[] = [];
  for (const [eventIndex, event] of list.rows.entries()) {
    const startsAt = new Date(event.starts_at);
    const past = event.status === 'closed';
    const scale = 0.8 + random() * 0.5;
    await db.insert(eventBudgets).values({
      eventId: event.id,
      status: 'approved',
      submittedAt: new Date(startsAt.getTime() - 25 * DAY),
      decidedAt: new Date(startsAt.getTime() - 24 * DAY),
      createdAt: new Date(startsAt.getTime() - 26 * DAY),
      updatedAt: new Date(startsAt.getTime() - 24 * DAY),
    });
    // Every third past event had its catering revised up by a fifth before it ran (a second approval, issue 17 item 2).
    const revised = past && eventIndex % 3 === 1;
    const first: BudgetVersionLine[] = [];
    const current: BudgetVersionLine[] = [];
    for (const [position, [category, description, cents]] of BUDGET.entries()) {
      const id = crypto.randomUUID();
      const planned = Math.round((cents * scale) / 100) * 100;
      const amountCents = revised && category === 'catering' ? Math.round((planned * 1.2) / 100) * 100 : planned;
      first.push({ lineId: id, category, description, amountCents: planned });
      current.push({ lineId: id, category, description, amountCents });
      lines.push({ id, eventId: event.id, category, description, amountCents, position });
      if (past || position < 2) {
        const share = 0.85 + random() * 0.15;
        const incurred = past ? startsAt : new Date(Math.min(startsAt.getTime() - 3 * DAY, now.getTime() - DAY));
        costs.push({
          eventId: event.id,
          lineId: id,
          amountCents: Math.round((amountCents * share) / 100) * 100,
          description,
          incurredOn: incurred.toISOString().slice(0, 10),
          status: 'recorded',
          recordedById: event.organiser_id,
          createdAt: incurred < now ? incurred : now,
        });
      }
    }
    const total = (l: BudgetVersionLine[]) => l.reduce((sum, line) => sum + line.amountCents, 0);
    versions.push({
      eventId: event.id,
      number: 1,
      kind: 'initial',
      status: 'approved',
      lines: first,
      totalCents: total(first),
      requestedById: event.organiser_id,
      requestedAt: new Date(startsAt.getTime() - 25 * DAY),
      decidedAt: new Date(startsAt.getTime() - 24 * DAY),
    });
    if (revised) {
      versions.push({
        eventId: event.id,
        number: 2,
        kind: 'revision',
        status: 'approved',
        lines: current,
        totalCents: total(current),
        reason: '报名人数超出预期，增加茶歇与午餐',
        requestedById: event.organiser_id,
        requestedAt: new Date(startsAt.getTime() - 6 * DAY),
        decidedAt: new Date(startsAt.getTime() - 5 * DAY),
      });
    }
    for (const [position, item] of DEFAULT_EVENT_OPS_SETTINGS.prepTemplates.default!.entries()) {
      const dueAt = new Date(startsAt.getTime() - item.daysBefore * DAY);
      const done = past || (dueAt < now && random() < 0.6);
      tasks.push({
        eventId: event.id,
        department: item.department,
        title: item.title,
        ownerId: event.organiser_id,
        dueAt,
        doneAt: done ? (dueAt < now ? dueAt : now) : null,
        doneById: done ? event.organiser_id : null,
        position,
        createdAt: new Date(startsAt.getTime() - 26 * DAY),
        updatedAt: new Date(startsAt.getTime() - 26 * DAY),
      });
    }
  }
  await insertRows(db, eventBudgetLines, lines);
  await insertRows(db, eventBudgetVersions, versions);
  await insertRows(db, eventCosts, costs);
  await insertRows(db, eventPrepTasks, tasks);
  return { budgets: list.rows.length, costs: costs.length };
}
