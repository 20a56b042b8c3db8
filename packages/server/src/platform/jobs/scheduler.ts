import crypto from 'node:crypto';
import { Cron } from 'croner';
import { eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Message } from '@xiaoguan/shared';
import type { Database } from '../db/client.js';
import { scheduledJobs } from './jobs.schema.js';
import { outsideTransaction } from '../db/transactions.js';

export interface ScheduledJob {
  name: string;
  /** Cron expression, evaluated in the company time zone. */
  cron: string;
  run: (db: Database, now: Date) => Promise<JobOutcome | string | void>;
}

/** What a run did: an i18n key + parameters for the jobs page, and the same in words for the log. */
export interface JobOutcome extends Message {
  text: string;
}

/** A job's outcome: `jobs.results.<key>` is the web string, `text` the log line. */
export function jobOutcome(key: string, params: Message['params'], text: string): JobOutcome {
  return { key: `settings.jobs.results.${key}`, params, text };
}

/** The next time a cron expression fires after `from`, in a time zone. */
export function nextRun(cron: string, from: Date, timeZone: string): Date {
  const next = new Cron(cron, { timezone: timeZone, paused: true }).nextRun(from);
  if (!next) throw new Error(`cron "${cron}" never fires`);
  return next;
}

/**
 * Runs scheduled jobs from the database: schedule and last run are rows in scheduled_jobs, and a
 * run is claimed by an atomic UPDATE with a lease, so with several server processes each due run
 * happens exactly once.
 */
/** Wakes this process's running scheduler at once (a job set to run now need not wait for the next tick). */
let wakeLocal: (() => void) | null = null;
export function wakeScheduler(): void {
  wakeLocal?.();
}

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private readonly owner = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  private running = false;

  constructor(
    private readonly db: Database,
    private readonly jobs: ScheduledJob[],
    private readonly log: FastifyBaseLogger,
    private readonly timeZone: string,
  ) {}

  /** Registers each job's schedule (keeping a stored next run unless the cron changed). */
  async register(now = new Date()): Promise<void> {
    for (const job of this.jobs) {
      const next = nextRun(job.cron, now, this.timeZone);
      await this.db
        .insert(scheduledJobs)
        .values({ name: job.name, cron: job.cron, nextRunAt: next })
        .onConflictDoUpdate({
          target: scheduledJobs.name,
          set: {
            cron: job.cron,
            nextRunAt: sql`case when ${scheduledJobs.cron} = ${job.cron} then ${scheduledJobs.nextRunAt} else ${next} end`,
          },
        });
    }
  }

  start(intervalMs = 30_000): void {
    this.timer = setInterval(() => this.tickInBackground(), intervalMs);
    this.timer.unref();
    // Woken from a request's transaction: the run is the scheduler's own work, on its own connections.
    wakeLocal = () => outsideTransaction(() => this.tickInBackground());
  }

  /** A tick from the timer: a failure (the database down or restarting) is logged and the next tick tries again. */
  private tickInBackground(): void {
    this.tick().catch((err: unknown) => this.log.error({ err }, 'scheduler tick failed; trying again at the next tick'));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    wakeLocal = null;
  }

  /** Claims and runs every due job once. Returns the names it ran. */
  async tick(now = new Date()): Promise<string[]> {
    if (this.running) return [];
    this.running = true;
    const ran: string[] = [];
    try {
      for (const job of this.jobs) {
        const next = nextRun(job.cron, now, this.timeZone);
        const claimed = await this.db
          .update(scheduledJobs)
          .set({ leaseUntil: new Date(now.getTime() + 10 * 60_000), leasedBy: this.owner, lastStartedAt: now, nextRunAt: next })
          .where(
            sql`${scheduledJobs.name} = ${job.name} and ${scheduledJobs.nextRunAt} <= ${now}
                     and (${scheduledJobs.leaseUntil} is null or ${scheduledJobs.leaseUntil} < ${now})`,
          )
          .returning({ name: scheduledJobs.name });
        if (!claimed.length) continue;
        ran.push(job.name);
        let status = 'ok';
        let error: string | null = null;
        let lastResult: Message | null = null;
        try {
          const result = await job.run(this.db, now);
          if (typeof result === 'string' && result) status = `ok: ${result}`;
          else if (result && typeof result === 'object') {
            status = `ok: ${result.text}`;
            lastResult = { key: result.key, params: result.params };
          }
        } catch (err) {
          status = 'failed';
          error = String(err instanceof Error ? (err.stack ?? err.message) : err).slice(0, 4000);
          this.log.error({ err, job: job.name }, 'scheduled job failed');
        }
        await this.db
          .update(scheduledJobs)
          .set({ leaseUntil: null, leasedBy: null, lastFinishedAt: new Date(), lastStatus: status, lastError: error, lastResult })
          .where(eq(scheduledJobs.name, job.name));
      }
    } finally {
      this.running = false;
    }
    return ran;
  }
}
