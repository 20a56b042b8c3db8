import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { outboundMessages } from './outbox.schema.js';
import { getSenders } from './config.js';
import type { OutgoingMessage, Senders } from './types.js';

/** A send is tried this many times, then the message is marked failed. */
export const MAX_SEND_ATTEMPTS = 6;

/** Backoff after the n-th failed attempt (1-based): 1, 2, 4, 8, 16 minutes …, at most an hour. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, failedAttempts - 1), 3_600_000);
}

/**
 * Puts a message in the outbox in the caller's transaction (sent after commit by `deliverDueMessages`).
 * `ref` names what caused it; a second message with the same ref is not added (returns null).
 */
export async function enqueueMessage(
  executor: Executor,
  message: OutgoingMessage & { ref?: string | null; now?: Date },
): Promise<string | null> {
  const [row] = await executor
    .insert(outboundMessages)
    .values({
      channel: message.channel,
      recipient: message.recipient,
      subject: message.subject,
      body: message.body,
      ref: message.ref ?? null,
      nextAttemptAt: message.now ?? new Date(),
      createdAt: message.now ?? new Date(),
    })
    .onConflictDoNothing()
    .returning({ id: outboundMessages.id });
  return row?.id ?? null;
}

export interface DeliveryResult {
  sent: number;
  retrying: number;
  failed: number;
}

type Claimed = {
  id: string;
  channel: OutgoingMessage['channel'];
  recipient: string | null;
  subject: string | null;
  body: string;
  attempts: number;
};

/**
 * Sends the messages that are due. Each is claimed with a short lease (FOR UPDATE SKIP LOCKED), so
 * two server processes never send one twice; a failure is recorded and retried with backoff, never
 * thrown — a sender that is down cannot crash or stall the process.
 */
export async function deliverDueMessages(
  db: Executor,
  now: Date = new Date(),
  senders: Senders = getSenders(),
  limit = 100,
): Promise<DeliveryResult> {
  const claimed = await db.execute<Claimed>(sql`
    update outbound_messages m set next_attempt_at = ${new Date(now.getTime() + 5 * 60_000)}, attempts = m.attempts + 1
     where m.id in (select id from outbound_messages where status = 'pending' and next_attempt_at <= ${now}
                     order by next_attempt_at limit ${limit} for update skip locked)
    returning m.id, m.channel, m.recipient, m.subject, m.body, m.attempts`);
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 };
  for (const message of claimed.rows) {
    const sender = senders[message.channel];
    try {
      await sender.send({ channel: message.channel, recipient: message.recipient, subject: message.subject, body: message.body });
      await db.execute(sql`update outbound_messages set status = 'sent', sender = ${sender.name}, sent_at = ${new Date()}, last_error = null
                            where id = ${message.id}`);
      result.sent++;
    } catch (error) {
      const text = String(error instanceof Error ? error.message : error).slice(0, 1000);
      const giveUp = message.attempts >= MAX_SEND_ATTEMPTS;
      await db
        .execute(
          sql`update outbound_messages set status = ${giveUp ? 'failed' : 'pending'}, sender = ${sender.name}, last_error = ${text},
                 next_attempt_at = ${new Date(now.getTime() + retryDelayMs(message.attempts))} where id = ${message.id}`,
        )
        .catch(() => undefined);
      if (giveUp) result.failed++;
      else result.retrying++;
    }
  }
  return result;
}
