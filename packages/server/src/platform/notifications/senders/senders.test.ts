import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/harness.js';
import {
  createDingtalkSender,
  createLogSender,
  createSmtpSender,
  createWecomSender,
  deliverDueMessages,
  dingtalkSign,
  enqueueMessage,
  MAX_SEND_ATTEMPTS,
  retryDelayMs,
  sendersFromEnv,
  type Sender,
  type Senders,
} from './index.js';

interface Received {
  url: string;
  body: unknown;
}

/** A local stand-in for the robots' webhook endpoints: answers what `answer` says, records each request. */
function fakeRobot(answer: () => { status: number; body: string }) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body: JSON.parse(data || 'null') });
      const { status, body } = answer();
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  return {
    received,
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const message = { channel: 'wecom' as const, recipient: null, subject: '会前确认', body: '明天的健康讲座：12 位客户待确认' };

describe('senders: WeCom and DingTalk group robots against a local endpoint', () => {
  let ok = true;
  const robot = fakeRobot(() =>
    ok ? { status: 200, body: '{"errcode":0,"errmsg":"ok"}' } : { status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' },
  );
  let base = '';
  beforeAll(async () => {
    base = await robot.start();
  });
  afterAll(() => robot.stop());

  it('WeCom: posts a text message to the webhook URL with its key', async () => {
    await createWecomSender({ url: `${base}/cgi-bin/webhook/send?key=abc` }).send(message);
    expect(robot.received.at(-1)).toEqual({
      url: '/cgi-bin/webhook/send?key=abc',
      body: { msgtype: 'text', text: { content: '会前确认\n明天的健康讲座：12 位客户待确认' } },
    });
  });

  it('DingTalk: signs timestamp + secret with HmacSHA256 (base64, URL-encoded) on the URL', async () => {
    const secret = 'SEC0123456789abcdef';
    const before = Date.now();
    await createDingtalkSender({ url: `${base}/robot/send?access_token=tok`, secret }).send({ ...message, channel: 'dingtalk' });
    const url = new URL(robot.received.at(-1)!.url, base);
    expect(url.searchParams.get('access_token')).toBe('tok');
    const timestamp = Number(url.searchParams.get('timestamp'));
    expect(timestamp).toBeGreaterThanOrEqual(before);
    const expected = crypto.createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    expect(dingtalkSign(timestamp, secret)).toBe(expected);
    // On the wire the signature is percent-encoded (base64's + / = would break the query string).
    expect(robot.received.at(-1)!.url).toContain(`sign=${encodeURIComponent(expected)}`);
    expect(robot.received.at(-1)!.body).toEqual({ msgtype: 'text', text: { content: '会前确认\n明天的健康讲座：12 位客户待确认' } });
  });

  it('a robot refusing (errcode ≠ 0) or unreachable is an error the outbox retries', async () => {
    ok = false;
    await expect(createWecomSender({ url: `${base}/x?key=1` }).send(message)).rejects.toThrow(/310000/);
    ok = true;
    await expect(createWecomSender({ url: 'http://127.0.0.1:1/x', timeoutMs: 2000 }).send(message)).rejects.toThrow();
  });

  it('unconfigured channels use the log-only sender', () => {
    const senders = sendersFromEnv({});
    expect(Object.values(senders).map((s) => s.name)).toEqual(['log', 'log', 'log', 'log']);
    const configured = sendersFromEnv({
      WECOM_WEBHOOK_URL: `${base}/w`,
      DINGTALK_WEBHOOK_URL: `${base}/d`,
      SMTP_URL: 'smtp://127.0.0.1:2525',
    });
    expect([configured.email.name, configured.sms.name, configured.wecom.name, configured.dingtalk.name]).toEqual([
      'smtp',
      'log',
      'wecom',
      'dingtalk',
    ]);
  });
});

describe('senders: SMTP e-mail through nodemailer', () => {
  it('delivers to a local SMTP server', async () => {
    const lines: string[] = [];
    const server = net.createServer((socket) => {
      let data = false;
      socket.write('220 fake ESMTP\r\n');
      socket.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\r\n').filter(Boolean)) {
          lines.push(line);
          if (data) {
            if (line === '.') {
              data = false;
              socket.write('250 queued\r\n');
            }
            continue;
          }
          if (/^(EHLO|HELO)/i.test(line)) socket.write('250 fake\r\n');
          else if (/^DATA/i.test(line)) {
            data = true;
            socket.write('354 go ahead\r\n');
          } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
          else socket.write('250 ok\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    try {
      const sender = createSmtpSender({ url: `smtp://127.0.0.1:${port}?ignoreTLS=true`, from: 'events@example.com' });
      await sender.send({ channel: 'email', recipient: 'wang@example.com', subject: 'Reminder', body: 'See you tomorrow' });
      expect(lines.some((l) => /^RCPT TO:<wang@example.com>/i.test(l))).toBe(true);
      expect(lines).toContain('Subject: Reminder');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('outbox: retries with backoff, never throws', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ poolSize: 3 });
  });
  afterAll(() => t.close());

  it('backoff doubles from a minute up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map(retryDelayMs)).toEqual([
      60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });

  it('a failing send is retried after its backoff, then marked failed; the same ref is queued once', async () => {
    let calls = 0;
    const broken: Sender = {
      name: 'broken',
      send: async () => {
        calls++;
        throw new Error('provider down');
      },
    };
    const log = createLogSender(() => undefined);
    const senders: Senders = { email: log, sms: broken, wecom: log, dingtalk: log };
    const start = new Date('2030-01-01T00:00:00Z');
    const id = await enqueueMessage(t.db, {
      channel: 'sms',
      recipient: '13900001111',
      subject: null,
      body: '提醒',
      ref: 'test:1',
      now: start,
    });
    expect(
      await enqueueMessage(t.db, { channel: 'sms', recipient: '13900001111', subject: null, body: '提醒', ref: 'test:1', now: start }),
    ).toBeNull();
    expect(await deliverDueMessages(t.db, start, senders)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    // Not due again until its backoff has passed.
    expect(await deliverDueMessages(t.db, new Date(start.getTime() + 30_000), senders)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    let now = start;
    for (let attempt = 2; attempt <= MAX_SEND_ATTEMPTS; attempt++) {
      now = new Date(now.getTime() + retryDelayMs(attempt - 1));
      await deliverDueMessages(t.db, now, senders);
    }
    expect(calls).toBe(MAX_SEND_ATTEMPTS);
    const row = await t.db.execute<{ status: string; attempts: number; last_error: string }>(
      sql`select status, attempts, last_error from outbound_messages where id = ${id}`,
    );
    expect(row.rows[0]).toEqual({ status: 'failed', attempts: MAX_SEND_ATTEMPTS, last_error: 'provider down' });
  });

  it('a message that fails once is sent on the retry', async () => {
    let fail = true;
    const flaky: Sender = {
      name: 'flaky',
      send: async () => {
        if (fail) {
          fail = false;
          throw new Error('timeout');
        }
      },
    };
    const senders: Senders = { email: flaky, sms: flaky, wecom: flaky, dingtalk: flaky };
    const start = new Date('2031-01-01T00:00:00Z');
    const id = await enqueueMessage(t.db, {
      channel: 'email',
      recipient: 'a@example.com',
      subject: 's',
      body: 'b',
      ref: 'test:2',
      now: start,
    });
    await deliverDueMessages(t.db, start, senders);
    await deliverDueMessages(t.db, new Date(start.getTime() + retryDelayMs(1)), senders);
    const row = await t.db.execute<{ status: string; sender: string }>(sql`select status, sender from outbound_messages where id = ${id}`);
    expect(row.rows[0]).toEqual({ status: 'sent', sender: 'flaky' });
  });
});
