import type { Sender } from './types.js';

/**
 * The SMS provider seam: a provider (Aliyun, Tencent Cloud …) implements `sendSms` with its own SDK
 * and signature; until one is configured, SMS go to the log-only sender.
 */
export interface SmsProvider {
  readonly name: string;
  sendSms(mobile: string, text: string): Promise<void>;
}

export function createSmsSender(provider: SmsProvider): Sender {
  return {
    name: provider.name,
    async send(message) {
      if (!message.recipient) throw new Error('an SMS needs a mobile number');
      await provider.sendSms(message.recipient, message.body);
    },
  };
}
