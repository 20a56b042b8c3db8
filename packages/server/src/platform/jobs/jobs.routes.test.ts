import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { Scheduler } from './scheduler.js';

let t: TestApp;
let admin: Client;
let runs = 0;
let scheduler: Scheduler;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.loginAs('admin');
  scheduler = new Scheduler(
    t.db,
    [{ name: 'test.weekly', cron: '0 3 * * 1', run: async () => `run ${++runs}` }],
    { error: () => undefined } as never,
    'Asia/Shanghai',
  );
  await scheduler.register();
  scheduler.start(3_600_000); // only "run now" wakes it in this test
});
afterAll(async () => {
  scheduler.stop();
  await t.close();
});

describe('scheduled jobs admin', () => {
  it('lists each job with its schedule, next run and last run', async () => {
    const response = await admin.get('/api/v1/scheduled-jobs');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toContainEqual(
      expect.objectContaining({ name: 'test.weekly', cron: '0 3 * * 1', running: false, lastStatus: null }),
    );
  });

  it('"run now" runs the job at once (not at its next tick), records the run and the request in the audit trail', async () => {
    const response = await admin.post('/api/v1/scheduled-jobs/test.weekly/run');
    expect(response.statusCode, response.body).toBe(202);
    await expect
      .poll(
        async () => (await admin.get('/api/v1/scheduled-jobs')).json().find((j: { name: string }) => j.name === 'test.weekly').lastStatus,
        { timeout: 5_000 },
      )
      .toBe('ok: run 1');
    const job = (await admin.get('/api/v1/scheduled-jobs')).json().find((j: { name: string }) => j.name === 'test.weekly');
    expect(new Date(job.nextRunAt).getTime()).toBeGreaterThan(Date.now()); // back on its weekly schedule
    const audit = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where entity = 'scheduled_jobs' and entity_id = 'test.weekly'`,
    );
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('an unknown job is 404; a job running now is 409', async () => {
    expect((await admin.post('/api/v1/scheduled-jobs/nope/run')).statusCode).toBe(404);
    await t.db.execute(sql`update scheduled_jobs set lease_until = now() + interval '5 minutes' where name = 'test.weekly'`);
    expect((await admin.post('/api/v1/scheduled-jobs/test.weekly/run')).statusCode).toBe(409);
    expect(runs).toBe(1);
  });
});
