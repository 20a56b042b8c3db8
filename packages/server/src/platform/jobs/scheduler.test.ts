import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { Scheduler, type ScheduledJob } from './scheduler.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const silent = { error: () => undefined } as never;

describe('scheduled jobs in the database', () => {
  it('two server processes ticking at once run a due job exactly once; schedule and last run are stored', async () => {
    let runs = 0;
    const job: ScheduledJob = {
      name: 'test.nightly',
      cron: '0 2 * * *',
      run: async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 50));
        return 'done';
      },
    };
    const a = new Scheduler(t.db, [job], silent, 'Asia/Shanghai');
    const b = new Scheduler(t.db, [job], silent, 'Asia/Shanghai');
    await a.register(new Date('2026-11-22T00:00:00Z'));
    await b.register(new Date('2026-11-22T00:00:00Z'));
    const due = new Date('2026-11-22T18:00:01Z'); // 02:00:01 in Shanghai
    const [ranA, ranB] = await Promise.all([a.tick(due), b.tick(due)]);
    expect(runs).toBe(1);
    expect([...ranA, ...ranB]).toEqual(['test.nightly']);
    const [row] = (
      await t.db.execute<{ last_status: string; next_run_at: Date }>(
        sql`select last_status, next_run_at from scheduled_jobs where name = 'test.nightly'`,
      )
    ).rows;
    expect(row!.last_status).toBe('ok: done');
    expect(new Date(row!.next_run_at).toISOString()).toBe('2026-11-23T18:00:00.000Z');
    // not due again until tomorrow
    expect(await a.tick(new Date('2026-11-22T19:00:00Z'))).toEqual([]);
  });

  it('a failing job records its error and the next run still happens', async () => {
    const job: ScheduledJob = {
      name: 'test.failing',
      cron: '*/5 * * * *',
      run: async () => {
        throw new Error('boom');
      },
    };
    const scheduler = new Scheduler(t.db, [job], silent, 'Asia/Shanghai');
    await scheduler.register(new Date('2026-11-22T00:00:00Z'));
    await scheduler.tick(new Date('2026-11-22T00:05:00Z'));
    const [row] = (
      await t.db.execute<{ last_status: string; last_error: string }>(
        sql`select last_status, last_error from scheduled_jobs where name = 'test.failing'`,
      )
    ).rows;
    expect(row).toMatchObject({ last_status: 'failed' });
    expect(row!.last_error).toContain('boom');
    expect(await scheduler.tick(new Date('2026-11-22T00:10:00Z'))).toEqual(['test.failing']);
  });
});
