import crypto from 'node:crypto';
import type { OutgoingMessage, Sender } from './types.js';

/** A robot's answer: errcode 0 is success, anything else a failure to retry (both robots answer HTTP 200 either way). */
async function postRobot(url: string, payload: unknown, timeoutMs: number): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`robot webhook answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  let answer: { errcode?: number; errmsg?: string };
  try {
    answer = JSON.parse(text) as { errcode?: number; errmsg?: string };
  } catch {
    throw new Error(`robot webhook answered no JSON: ${text.slice(0, 200)}`);
  }
  if (answer.errcode !== 0) throw new Error(`robot webhook refused: ${answer.errcode ?? '?'} ${answer.errmsg ?? ''}`.trim());
}

const content = (message: OutgoingMessage) => (message.subject ? `${message.subject}\n${message.body}` : message.body);

/**
 * WeCom (企业微信) group robot: POST {msgtype:'text', text:{content}} to the robot's webhook URL
 * (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`). The robot authenticates by the key in
 * its URL — WeCom documents no signature for group robots — so the URL is a secret (WECOM_WEBHOOK_URL).
 * Text content is at most 2,048 bytes.
 */
export function createWecomSender(options: { url: string; timeoutMs?: number }): Sender {
  return {
    name: 'wecom',
    send: (message) =>
      postRobot(options.url, { msgtype: 'text', text: { content: truncateBytes(content(message), 2048) } }, options.timeoutMs ?? 10_000),
  };
}

/**
 * DingTalk (钉钉) custom robot signature ("加签"): sign = urlencode(base64(HmacSHA256(key = secret,
 * message = `${timestamp}\n${secret}`))), timestamp in milliseconds; both go on the webhook URL.
 * DingTalk refuses a timestamp more than an hour off.
 */
export function dingtalkSign(timestamp: number, secret: string): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

export function dingtalkSignedUrl(url: string, secret: string | null, now: number = Date.now()): string {
  if (!secret) return url;
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(now));
  signed.searchParams.set('sign', dingtalkSign(now, secret));
  return signed.toString();
}

/** DingTalk custom robot: POST {msgtype:'text', text:{content}} to its webhook, signed when DINGTALK_SECRET is set. */
export function createDingtalkSender(options: { url: string; secret: string | null; timeoutMs?: number }): Sender {
  return {
    name: 'dingtalk',
    send: (message) =>
      postRobot(
        dingtalkSignedUrl(options.url, options.secret),
        { msgtype: 'text', text: { content: content(message) } },
        options.timeoutMs ?? 10_000,
      ),
  };
}

function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = text;
  while (Buffer.byteLength(out) > max - 3) out = out.slice(0, -1);
  return `${out}…`;
}
