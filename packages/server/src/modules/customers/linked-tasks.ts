import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';
import { followUpTasks } from './customers.schema.js';

/**
 * A follow-up task another module creates for someone (a meeting's action item, an audit
 * rectification task): it shows in the owner's day and task list like any other, with `link` back to
 * where it came from; `customerId` when it is about a customer. The caller checks who may assign it
 * and writes the audit entry in the same transaction.
 */
export async function createLinkedTask(
  tx: Executor,
  input: { ownerId: string; title: string; dueAt: Date; link: string; customerId?: string | null; now: Date },
): Promise<string> {
  const [row] = await tx
    .insert(followUpTasks)
    .values({
      customerId: input.customerId ?? null,
      ownerId: input.ownerId,
      title: input.title,
      link: input.link,
      dueAt: input.dueAt,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning({ id: followUpTasks.id });
  return row!.id;
}

/** Marks a linked task done or open again (a rectification accepted, or sent back). */
export async function setLinkedTaskDone(tx: Executor, taskId: string, done: boolean, now: Date): Promise<void> {
  await tx
    .update(followUpTasks)
    .set({ doneAt: done ? now : null, updatedAt: now, version: sql`${followUpTasks.version} + 1` })
    .where(eq(followUpTasks.id, taskId));
}

/** Removes linked tasks whose subject went away (issue 19: an improvement plan's open actions replaced). */
export async function deleteLinkedTasks(tx: Executor, taskIds: readonly string[]): Promise<void> {
  if (!taskIds.length) return;
  await tx.delete(followUpTasks).where(and(inArray(followUpTasks.id, [...taskIds]), isNull(followUpTasks.customerId)));
}
