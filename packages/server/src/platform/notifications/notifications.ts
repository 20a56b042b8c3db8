import type { Message } from '@xiaoguan/shared';
import type { Executor } from '../db/client.js';
import { notifications } from './notifications.schema.js';

export interface NewNotification {
  userId: string;
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
  /** The title and body as i18n key + parameters, rendered in the reader's language; title/body stay as the stored text. */
  titleMessage?: Message | null;
  bodyMessage?: Message | null;
}

/**
 * In-app notifications, written in the caller's transaction. Email and WeCom/DingTalk robot
 * delivery read the same rows (a later channel adapter), so nothing is sent for a rolled-back change.
 */
export async function notify(executor: Executor, items: NewNotification[]): Promise<void> {
  if (items.length === 0) return;
  await executor.insert(notifications).values(
    items.map((item) => ({
      userId: item.userId,
      kind: item.kind,
      title: item.title,
      body: item.body ?? null,
      link: item.link ?? null,
      titleMessage: item.titleMessage ?? null,
      bodyMessage: item.bodyMessage ?? null,
    })),
  );
}
