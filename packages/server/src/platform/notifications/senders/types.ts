/** The channels a message goes out on (issue 17 item 4); later modules reuse them. */
export const SENDER_CHANNELS = ['email', 'sms', 'wecom', 'dingtalk'] as const;
export type SenderChannel = (typeof SENDER_CHANNELS)[number];

/** One message to send: to a person (e-mail address, mobile number) or to a group robot (no recipient). */
export interface OutgoingMessage {
  channel: SenderChannel;
  recipient: string | null;
  subject: string | null;
  body: string;
}

/**
 * A sender delivers one message or throws. The outbox (outbox.ts) catches the failure, records it and
 * retries with backoff, so a sender never needs its own retry loop and can never crash the process.
 */
export interface Sender {
  /** Stored with the message: which sender delivered it (`log`, `smtp`, `wecom` …). */
  readonly name: string;
  send(message: OutgoingMessage): Promise<void>;
}

/** The sender per channel. Unconfigured channels use the log-only sender. */
export type Senders = Record<SenderChannel, Sender>;
