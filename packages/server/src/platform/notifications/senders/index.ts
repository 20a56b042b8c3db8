/** Message senders (issue 17 item 4), shared by every module that sends e-mail, SMS or group-robot messages. */
export { SENDER_CHANNELS, type OutgoingMessage, type Sender, type SenderChannel, type Senders } from './types.js';
export { createLogSender } from './log-sender.js';
export { createSmtpSender } from './smtp-sender.js';
export { createSmsSender, type SmsProvider } from './sms-sender.js';
export { createDingtalkSender, createWecomSender, dingtalkSign, dingtalkSignedUrl } from './webhook-senders.js';
export { getSenders, sendersFromEnv, setSenders } from './config.js';
export { deliverDueMessages, enqueueMessage, MAX_SEND_ATTEMPTS, retryDelayMs, type DeliveryResult } from './outbox.js';
export { outboundMessages } from './outbox.schema.js';
