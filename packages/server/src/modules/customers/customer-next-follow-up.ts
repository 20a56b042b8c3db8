import { and, asc, inArray, isNull } from 'drizzle-orm';
import type { NextFollowUp } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { followUpTasks } from './customers.schema.js';

/**
 * Each customer's next open follow-up task (issue 16: "next follow-up" shown and edited in place on
 * the list and the customer page), one query for a page of customers. Moving it is an update of that
 * task, with the task's own validation (no past times), version and audit.
 */
export async function nextFollowUps(executor: Executor, customerIds: readonly string[]): Promise<Map<string, NextFollowUp>> {
  const found = new Map<string, NextFollowUp>();
  if (!customerIds.length) return found;
  const rows = await executor
    .selectDistinctOn([followUpTasks.customerId], {
      customerId: followUpTasks.customerId,
      taskId: followUpTasks.id,
      dueAt: followUpTasks.dueAt,
      version: followUpTasks.version,
    })
    .from(followUpTasks)
    .where(and(inArray(followUpTasks.customerId, [...new Set(customerIds)]), isNull(followUpTasks.doneAt)))
    .orderBy(followUpTasks.customerId, asc(followUpTasks.dueAt), asc(followUpTasks.id));
  for (const row of rows)
    if (row.customerId) found.set(row.customerId, { taskId: row.taskId, dueAt: row.dueAt.toISOString(), version: row.version });
  return found;
}

/** The customers with their next follow-up set (null when none is open). */
export async function withNextFollowUps<T extends { id: string }>(
  executor: Executor,
  items: T[],
): Promise<(T & { nextFollowUp: NextFollowUp | null })[]> {
  const next = await nextFollowUps(
    executor,
    items.map((item) => item.id),
  );
  return items.map((item) => ({ ...item, nextFollowUp: next.get(item.id) ?? null }));
}
