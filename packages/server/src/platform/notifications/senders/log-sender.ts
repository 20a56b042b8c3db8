import type { OutgoingMessage, Sender } from './types.js';

/**
 * The default sender: writes the message to the server log (one JSON line, as pino does) instead of
 * sending it, and keeps the last few in memory. A company without SMTP or an SMS contract still sees
 * every reminder the system would have sent — in the log and on the outbox row (sender = log).
 */
export function createLogSender(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Sender & {
  recent(): OutgoingMessage[];
} {
  const recent: OutgoingMessage[] = [];
  return {
    name: 'log',
    async send(message) {
      recent.push(message);
      if (recent.length > 100) recent.shift();
      write(JSON.stringify({ level: 30, time: Date.now(), msg: 'message (log sender, not sent)', ...message }));
    },
    recent: () => [...recent],
  };
}
