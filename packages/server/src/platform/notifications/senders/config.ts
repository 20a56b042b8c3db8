import { createLogSender } from './log-sender.js';
import { createSmtpSender } from './smtp-sender.js';
import { createSmsSender, type SmsProvider } from './sms-sender.js';
import { createDingtalkSender, createWecomSender } from './webhook-senders.js';
import type { Senders } from './types.js';

/**
 * The senders from the environment (README "Messages"): SMTP_URL + SMTP_FROM for e-mail,
 * WECOM_WEBHOOK_URL, DINGTALK_WEBHOOK_URL (+ DINGTALK_SECRET) for the group robots; SMS through a
 * provider passed in (none ships yet). Anything not configured is logged instead of sent.
 */
export function sendersFromEnv(env: NodeJS.ProcessEnv = process.env, options: { smsProvider?: SmsProvider } = {}): Senders {
  const log = createLogSender();
  return {
    email: env.SMTP_URL ? createSmtpSender({ url: env.SMTP_URL, from: env.SMTP_FROM || 'xiaoguan@localhost' }) : log,
    sms: options.smsProvider ? createSmsSender(options.smsProvider) : log,
    wecom: env.WECOM_WEBHOOK_URL ? createWecomSender({ url: env.WECOM_WEBHOOK_URL }) : log,
    dingtalk: env.DINGTALK_WEBHOOK_URL ? createDingtalkSender({ url: env.DINGTALK_WEBHOOK_URL, secret: env.DINGTALK_SECRET || null }) : log,
  };
}

let current: Senders | null = null;

/** The process's senders (read from the environment on first use). */
export function getSenders(): Senders {
  current ??= sendersFromEnv();
  return current;
}

/** Replaces the senders (tests; a deployment wiring an SMS provider at start). */
export function setSenders(senders: Senders | null): void {
  current = senders;
}
