import nodemailer from 'nodemailer';
import type { Sender } from './types.js';

/** E-mail through SMTP (nodemailer), when SMTP_URL is set (`smtp://user:pass@host:587`, `smtps://…:465`). */
export function createSmtpSender(options: { url: string; from: string }): Sender {
  const transport = nodemailer.createTransport(options.url, { from: options.from });
  return {
    name: 'smtp',
    async send(message) {
      if (!message.recipient) throw new Error('an e-mail needs a recipient address');
      await transport.sendMail({ from: options.from, to: message.recipient, subject: message.subject ?? '', text: message.body });
    },
  };
}
