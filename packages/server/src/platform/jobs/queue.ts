import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Executor } from '../db/client.js';
import { backgroundJobs } from './jobs.schema.js';
import { outsideTransaction } from '../db/transactions.js';
import { unavailableReason } from '../db/db-errors.js';

/**
 * The background job queue: jobs are rows in background_jobs; any server process runs a JobRunner
 * that claims the oldest queued job with FOR UPDATE SKIP LOCKED (so each job runs once across
 * processes), reports progress with a heartbeat, honours cancellation between batches and records
 * the outcome. A job whose process died (no heartbeat for STALE_AFTER_MS) is re-queued or failed.
 */

export const STALE_AFTER_MS = 2 * 60_000;
const HEARTBEAT_MS = 30_000;

export type JobStatus = (typeof backgroundJobs.$inferSelect)['status'];
export type JobRow = typeof backgroundJobs.$inferSelect;

export interface JobLog {
  info: (obj: object, msg?: string) => void;
  error: (obj: object, msg?: string) => void;
}

const SILENT: JobLog = { info: () => undefined, error: () => undefined };

/** Thrown by `checkpoint` when someone asked to cancel; the runner records the job as cancelled. */
export class JobCancelledError extends Error {
  constructor() {
    super('cancelled on request');
  }
}

export interface JobContext<P> {
  id: string;
  kind: string;
  payload: P;
  createdById: string | null;
  db: Database;
  /** DATA_DIR of the process running the job (uploaded files live under it). */
  dataDir: string;
  log: JobLog;
  /**
   * Records progress (and the heartbeat) and throws JobCancelledError if cancellation was requested.
   * Call it between batches: cancellation is cooperative.
   */
  checkpoint(processed: number, total?: number | null): Promise<void>;
}

export interface JobOutcome {
  status: 'failed' | 'cancelled';
  error: string | null;
}

/** A kind of background job: how to run it and what to do when it stops without succeeding. */
export interface BackgroundJob<P> {
  kind: string;
  payload: z.ZodType<P>;
  /** When the process running it died: run it again (idempotent work) or record it as failed. */
  onStale: 'requeue' | 'fail';
  run(job: JobContext<P>): Promise<Record<string, unknown> | void>;
  /** Called after the job was recorded as failed or cancelled (also when found stale), e.g. to update the record it works on. */
  onStopped?(db: Database, job: { id: string; payload: P; createdById: string | null }, outcome: JobOutcome): Promise<void>;
}

export function defineBackgroundJob<P>(job: BackgroundJob<P>): BackgroundJob<P> {
  return job;
}

/** Queues a job (in the caller's transaction, so the job exists only if the work that asked for it commits). */
export async function enqueueJob(
  executor: Executor,
  input: { kind: string; payload: Record<string, unknown>; createdById: string | null; total?: number | null },
): Promise<string> {
  const [row] = await executor
    .insert(backgroundJobs)
    .values({ kind: input.kind, payload: input.payload, createdById: input.createdById, total: input.total ?? null })
    .returning({ id: backgroundJobs.id });
  return row!.id;
}

/**
 * Asks a job to stop. A queued job is cancelled at once ('cancelled'); a running one is flagged and
 * stops at its next checkpoint ('requested'); a finished one is left alone ('finished').
 */
export async function requestJobCancel(executor: Executor, jobId: string): Promise<'cancelled' | 'requested' | 'finished'> {
  const result = await executor.execute<{ status: JobStatus }>(sql`
    update background_jobs
       set cancel_requested = true,
           status = case when status = 'queued' then 'cancelled' else status end,
           finished_at = case when status = 'queued' then now() else finished_at end
     where id = ${jobId} and status in ('queued', 'running')
    returning status`);
  const row = result.rows[0];
  if (!row) return 'finished';
  return row.status === 'cancelled' ? 'cancelled' : 'requested';
}

export async function getJob(executor: Executor, jobId: string): Promise<JobRow | null> {
  const [row] = await executor.select().from(backgroundJobs).where(eq(backgroundJobs.id, jobId));
  return row ?? null;
}

/** What went wrong, for the job record: a database error's own message rather than the failed SQL text. */
function message(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 4000);
  const cause = error.cause instanceof Error ? error.cause.message : null;
  return (cause && error.message.startsWith('Failed query') ? cause : error.message).slice(0, 4000);
}

export interface JobRunnerOptions {
  dataDir: string;
  log?: JobLog;
  /** Jobs run at once by this process. */
  concurrency?: number;
  pollMs?: number;
}

/** Runs queued jobs of the kinds it knows; start() polls, runNext() runs one (tests, tools). */
export class JobRunner {
  readonly owner = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  private readonly handlers: Map<string, BackgroundJob<unknown>>;
  private readonly log: JobLog;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | null = null;
  private lastRecovery = 0;
  private readonly active = new Set<Promise<void>>();
  private ticking = false;
  private lastPollFailureLogged = 0;

  constructor(
    private readonly db: Database,
    jobs: BackgroundJob<unknown>[],
    private readonly options: JobRunnerOptions,
  ) {
    this.handlers = new Map(jobs.map((job) => [job.kind, job]));
    this.log = options.log ?? SILENT;
    this.concurrency = options.concurrency ?? 2;
    this.pollMs = options.pollMs ?? 500;
  }

  /** Recovers jobs left running by a dead process, then polls for queued jobs. */
  async start(): Promise<void> {
    await this.recoverStale();
    this.timer = setInterval(() => void this.tick(), this.pollMs);
    this.timer.unref();
  }

  /**
   * Stops polling and waits up to `graceMs` for the jobs this process is running. One still running
   * after that is abandoned: its transaction dies with the connection and, its heartbeat gone
   * stale, another process re-queues or fails it.
   */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.active]), new Promise((resolve) => (timeout = setTimeout(resolve, graceMs)))]);
    clearTimeout(timeout);
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      if (Date.now() - this.lastRecovery > 60_000) await this.recoverStale();
      while (this.active.size < this.concurrency) {
        const job = await this.claim();
        if (!job) break;
        const running = this.execute(job).finally(() => this.active.delete(running));
        this.active.add(running);
      }
    } catch (err) {
      // Polled twice a second: while the database is down, say so once every half minute, not each time.
      if (!unavailableReason(err) || Date.now() - this.lastPollFailureLogged > 30_000) {
        this.lastPollFailureLogged = Date.now();
        this.log.error({ err }, 'job queue poll failed');
      }
    } finally {
      this.ticking = false;
    }
  }

  /** Claims the oldest queued job of a known kind, or null when there is none. */
  async claim(): Promise<JobRow | null> {
    const kinds = [...this.handlers.keys()];
    if (!kinds.length) return null;
    const [job] = await this.db
      .update(backgroundJobs)
      .set({ status: 'running', startedAt: sql`now()`, heartbeatAt: sql`now()`, lockedBy: this.owner })
      .where(
        sql`${backgroundJobs.id} = (select id from background_jobs
                                     where status = 'queued' and kind = any(${sql.param(kinds)}::text[])
                                     order by created_at
                                     for update skip locked
                                     limit 1)`,
      )
      .returning();
    return job ?? null;
  }

  /** Claims and runs one job; returns it as finished, or null when nothing was queued. */
  async runNext(): Promise<JobRow | null> {
    const job = await this.claim();
    if (!job) return null;
    await this.execute(job);
    return getJob(this.db, job.id);
  }

  private async execute(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    const heartbeat = setInterval(() => {
      void this.db
        .update(backgroundJobs)
        .set({ heartbeatAt: new Date() })
        .where(eq(backgroundJobs.id, job.id))
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    heartbeat.unref();
    const parsed = handler.payload.safeParse(job.payload);
    try {
      if (!parsed.success) throw new Error(`invalid payload for ${job.kind}: ${parsed.error.message}`);
      if (job.cancelRequested) throw new JobCancelledError();
      const context: JobContext<unknown> = {
        id: job.id,
        kind: job.kind,
        payload: parsed.data,
        createdById: job.createdById,
        db: this.db,
        dataDir: this.options.dataDir,
        log: this.log,
        // Progress is committed at once on its own connection, also from inside the job's transaction
        // (an all-or-nothing import): others see it, and a cancel request is not held behind the job's lock.
        checkpoint: (processed, total) =>
          outsideTransaction(async () => {
            const [row] = await this.db
              .update(backgroundJobs)
              .set({ processed, ...(total === undefined ? {} : { total }), heartbeatAt: new Date() })
              .where(eq(backgroundJobs.id, job.id))
              .returning({ cancelRequested: backgroundJobs.cancelRequested });
            if (row?.cancelRequested) throw new JobCancelledError();
          }),
      };
      const result = await handler.run(context);
      await this.finish(job.id, { status: 'succeeded', result: result ?? null, error: null });
    } catch (error) {
      const cancelled = error instanceof JobCancelledError;
      const outcome: JobOutcome = { status: cancelled ? 'cancelled' : 'failed', error: cancelled ? null : message(error) };
      if (!cancelled) this.log.error({ err: error, job: job.id, kind: job.kind }, 'background job failed');
      const recorded = await this.finish(job.id, { ...outcome, result: null }).catch((err: unknown) => {
        this.log.error({ err, job: job.id }, 'could not record the end of a background job');
        return false;
      });
      if (recorded && parsed.success) await this.stopped(handler, job, parsed.data, outcome);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Records the end of a job this process holds; false if it no longer holds it (recovered as stale). */
  private async finish(
    id: string,
    end: { status: 'succeeded' | 'failed' | 'cancelled'; result: Record<string, unknown> | null; error: string | null },
  ): Promise<boolean> {
    const rows = await this.db
      .update(backgroundJobs)
      .set({ status: end.status, result: end.result, error: end.error, finishedAt: new Date(), heartbeatAt: new Date() })
      .where(and(eq(backgroundJobs.id, id), eq(backgroundJobs.status, 'running'), eq(backgroundJobs.lockedBy, this.owner)))
      .returning({ id: backgroundJobs.id });
    return rows.length > 0;
  }

  private async stopped(handler: BackgroundJob<unknown>, job: JobRow, payload: unknown, outcome: JobOutcome): Promise<void> {
    try {
      await handler.onStopped?.(this.db, { id: job.id, payload, createdById: job.createdById }, outcome);
    } catch (err) {
      this.log.error({ err, job: job.id }, 'background job stop handler failed');
    }
  }

  /** Jobs marked running whose heartbeat is older than STALE_AFTER_MS: their process died. */
  async recoverStale(now = new Date()): Promise<{ requeued: number; failed: number }> {
    this.lastRecovery = Date.now();
    const cutoff = new Date(now.getTime() - STALE_AFTER_MS);
    const stale = await this.db.transaction(async (tx) => {
      const rows = (
        await tx.execute<{ id: string; kind: string }>(sql`
          select id, kind from background_jobs
           where status = 'running' and coalesce(heartbeat_at, started_at, created_at) < ${cutoff}
           for update skip locked`)
      ).rows;
      const decided: { job: JobRow; handler: BackgroundJob<unknown> | undefined; requeue: boolean }[] = [];
      for (const row of rows) {
        const handler = this.handlers.get(row.kind);
        const requeue = handler?.onStale === 'requeue';
        const [job] = await tx
          .update(backgroundJobs)
          .set(
            requeue
              ? { status: 'queued', lockedBy: null, startedAt: null, heartbeatAt: null, processed: 0 }
              : { status: 'failed', error: 'the server process running this job stopped; start it again', finishedAt: now },
          )
          .where(eq(backgroundJobs.id, row.id))
          .returning();
        decided.push({ job: job!, handler, requeue });
      }
      return decided;
    });
    for (const { job, handler, requeue } of stale) {
      if (requeue || !handler) continue;
      const parsed = handler.payload.safeParse(job.payload);
      if (parsed.success) await this.stopped(handler, job, parsed.data, { status: 'failed', error: job.error });
    }
    if (stale.length) this.log.info({ jobs: stale.map((s) => s.job.id) }, 'recovered stale background jobs');
    return { requeued: stale.filter((s) => s.requeue).length, failed: stale.filter((s) => !s.requeue).length };
  }
}

/**
 * Runs queued jobs of the given kinds one after another until none is left (tests and scripts):
 * returns the jobs it ran, finished.
 */
export async function runJobsUntilIdle(db: Database, jobs: BackgroundJob<unknown>[], options: JobRunnerOptions): Promise<JobRow[]> {
  const runner = new JobRunner(db, jobs, options);
  const ran: JobRow[] = [];
  for (;;) {
    const job = await runner.runNext();
    if (!job) return ran;
    ran.push(job);
  }
}
