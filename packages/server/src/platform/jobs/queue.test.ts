import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { backgroundJobs } from './jobs.schema.js';
import { defineBackgroundJob, enqueueJob, getJob, JobRunner, requestJobCancel, runJobsUntilIdle, type JobOutcome } from './queue.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const options = { dataDir: os.tmpdir() };

describe('background job queue', () => {
  it('runs queued jobs oldest first, records progress and result; two runners never run one job twice', async () => {
    const ran: number[] = [];
    const counting = defineBackgroundJob({
      kind: 'test.count',
      payload: z.object({ n: z.number() }),
      onStale: 'requeue',
      run: async (job) => {
        ran.push(job.payload.n);
        await job.checkpoint(5, 10);
        await new Promise((r) => setTimeout(r, 20));
        await job.checkpoint(10, 10);
        return { doubled: job.payload.n * 2 };
      },
    });
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4]) ids.push(await enqueueJob(t.db, { kind: 'test.count', payload: { n }, createdById: t.ids.ops }));
    const a = new JobRunner(t.db, [counting], options);
    const b = new JobRunner(t.db, [counting], options);
    const drain = async (runner: JobRunner) => {
      while (await runner.runNext());
    };
    await Promise.all([drain(a), drain(b)]);
    expect(ran.sort()).toEqual([1, 2, 3, 4]);
    for (const [i, id] of ids.entries()) {
      const job = await getJob(t.db, id);
      expect(job).toMatchObject({ status: 'succeeded', processed: 10, total: 10, result: { doubled: (i + 1) * 2 }, error: null });
      expect(job!.finishedAt).toBeInstanceOf(Date);
    }
  });

  it('a failing job records its error and tells its handler', async () => {
    const stopped: JobOutcome[] = [];
    const failing = defineBackgroundJob({
      kind: 'test.fail',
      payload: z.object({}),
      onStale: 'fail',
      run: async () => {
        throw new Error('disk full');
      },
      onStopped: async (_db, _job, outcome) => void stopped.push(outcome),
    });
    const id = await enqueueJob(t.db, { kind: 'test.fail', payload: {}, createdById: null });
    const [job] = await runJobsUntilIdle(t.db, [failing], options);
    expect(job).toMatchObject({ id, status: 'failed', error: 'disk full' });
    expect(stopped).toEqual([{ status: 'failed', error: 'disk full' }]);
  });

  it('cancellation: a queued job is cancelled at once; a running one stops at its next checkpoint', async () => {
    const queued = await enqueueJob(t.db, { kind: 'test.slow', payload: {}, createdById: null });
    expect(await requestJobCancel(t.db, queued)).toBe('cancelled');
    expect((await getJob(t.db, queued))!.status).toBe('cancelled');

    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let batches = 0;
    const stopped: JobOutcome[] = [];
    const slow = defineBackgroundJob({
      kind: 'test.slow',
      payload: z.object({}),
      onStale: 'requeue',
      run: async (job) => {
        for (let i = 1; i <= 3; i++) {
          batches = i;
          if (i === 2) await gate;
          await job.checkpoint(i, 3);
        }
      },
      onStopped: async (_db, _job, outcome) => void stopped.push(outcome),
    });
    const id = await enqueueJob(t.db, { kind: 'test.slow', payload: {}, createdById: null });
    const runner = new JobRunner(t.db, [slow], options);
    const running = runner.runNext();
    while (batches < 2) await new Promise((r) => setTimeout(r, 5));
    expect(await requestJobCancel(t.db, id)).toBe('requested');
    release();
    const job = await running;
    expect(job).toMatchObject({ id, status: 'cancelled', processed: 2, cancelRequested: true });
    expect(batches).toBe(2);
    expect(stopped).toEqual([{ status: 'cancelled', error: null }]);
    expect(await requestJobCancel(t.db, id)).toBe('finished');
  });

  it('jobs left running by a dead process: re-queued (idempotent kinds) or failed; a live heartbeat is left alone', async () => {
    const noop = (kind: string, onStale: 'requeue' | 'fail', stopped: string[]) =>
      defineBackgroundJob({
        kind,
        payload: z.object({}),
        onStale,
        run: async () => undefined,
        onStopped: async (_db, job) => void stopped.push(job.id),
      });
    const stopped: string[] = [];
    const jobs = [noop('test.redo', 'requeue', stopped), noop('test.once', 'fail', stopped)];
    const old = new Date(Date.now() - 10 * 60_000);
    const [redo, once, alive] = await Promise.all([
      enqueueJob(t.db, { kind: 'test.redo', payload: {}, createdById: null }),
      enqueueJob(t.db, { kind: 'test.once', payload: {}, createdById: null }),
      enqueueJob(t.db, { kind: 'test.once', payload: {}, createdById: null }),
    ]);
    await t.db
      .update(backgroundJobs)
      .set({ status: 'running', lockedBy: 'dead-1', startedAt: old, heartbeatAt: old })
      .where(sql`${backgroundJobs.id} in (${redo}, ${once})`);
    await t.db
      .update(backgroundJobs)
      .set({ status: 'running', lockedBy: 'live-1', startedAt: old, heartbeatAt: new Date() })
      .where(eq(backgroundJobs.id, alive));
    const runner = new JobRunner(t.db, jobs, options);
    expect(await runner.recoverStale()).toEqual({ requeued: 1, failed: 1 });
    expect((await getJob(t.db, redo))!.status).toBe('queued');
    expect(await getJob(t.db, once)).toMatchObject({ status: 'failed', error: expect.stringContaining('stopped') });
    expect((await getJob(t.db, alive))!.status).toBe('running');
    expect(stopped).toEqual([once]);
    // the re-queued one runs again
    const ran = await runJobsUntilIdle(t.db, jobs, options);
    expect(ran.map((job) => [job.id, job.status])).toEqual([[redo, 'succeeded']]);
    await t.db.update(backgroundJobs).set({ status: 'succeeded' }).where(eq(backgroundJobs.id, alive));
  });

  it('start() polls in the background; stop() waits for the running job', async () => {
    let done = false;
    const job = defineBackgroundJob({
      kind: 'test.polled',
      payload: z.object({}),
      onStale: 'requeue',
      run: async () => {
        await new Promise((r) => setTimeout(r, 50));
        done = true;
      },
    });
    const runner = new JobRunner(t.db, [job], { ...options, pollMs: 20 });
    await runner.start();
    const id = await enqueueJob(t.db, { kind: 'test.polled', payload: {}, createdById: null });
    while (((await getJob(t.db, id))!.status as string) !== 'succeeded') await new Promise((r) => setTimeout(r, 10));
    await runner.stop();
    expect(done).toBe(true);
  });
});
