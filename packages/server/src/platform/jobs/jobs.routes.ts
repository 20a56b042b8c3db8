import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { asc, eq, sql } from 'drizzle-orm';
import { scheduledJobNameParamsSchema, scheduledJobSchema, type ScheduledJobRow, message } from '@xiaoguan/shared';
import { ctxOf } from '../context.js';
import { iso } from '../db/client.js';
import { conflict, notFound } from '../errors.js';
import { settingsAccess } from '../settings/settings.access.js';
import { scheduledJobs } from './jobs.schema.js';
import { wakeScheduler } from './scheduler.js';

type Row = typeof scheduledJobs.$inferSelect;
const present = (row: Row, now: Date): ScheduledJobRow => ({
  name: row.name,
  cron: row.cron,
  nextRunAt: iso(row.nextRunAt)!,
  running: row.leaseUntil !== null && row.leaseUntil.getTime() > now.getTime(),
  lastStartedAt: iso(row.lastStartedAt),
  lastFinishedAt: iso(row.lastFinishedAt),
  lastStatus: row.lastStatus,
  lastResult: row.lastResult ?? null,
  lastError: row.lastError,
});

/**
 * Scheduled jobs for admin: the schedule and last run of each (nightly RFM, pool returns, overdue
 * warnings, renewal reminders, quote expiry …), and "run now" — the job becomes due at once and
 * this process's scheduler is woken; the lease still makes it run once across processes.
 */
export async function jobsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['settings'];
  r.get('/scheduled-jobs', { schema: { tags, response: { 200: z.array(scheduledJobSchema) } } }, async (request) => {
    const ctx = ctxOf(request);
    settingsAccess.require(ctx.actor, 'read');
    const rows = await ctx.db.select().from(scheduledJobs).orderBy(asc(scheduledJobs.name));
    return rows.map((row) => present(row, ctx.now));
  });
  r.post(
    '/scheduled-jobs/:name/run',
    { schema: { tags, params: scheduledJobNameParamsSchema, response: { 202: scheduledJobSchema } } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      settingsAccess.require(ctx.actor, 'write');
      const row = await ctx.db.transaction(async (tx) => {
        const [due] = await tx
          .update(scheduledJobs)
          .set({ nextRunAt: ctx.now })
          .where(
            sql`${scheduledJobs.name} = ${request.params.name} and (${scheduledJobs.leaseUntil} is null or ${scheduledJobs.leaseUntil} < ${ctx.now})`,
          )
          .returning();
        if (!due) {
          const [exists] = await tx
            .select({ name: scheduledJobs.name })
            .from(scheduledJobs)
            .where(eq(scheduledJobs.name, request.params.name));
          if (!exists) throw notFound('scheduled job');
          throw conflict('the job is running now; wait until it finishes');
        }
        await ctx.audit(tx, {
          action: 'update',
          entity: 'scheduled_jobs',
          entityId: due.name,
          summary: `run now: ${due.name}`,
          summaryMessage: message('audit.messages.jobRunNow', { name: due.name }),
        });
        return due;
      });
      wakeScheduler();
      return reply.code(202).send(present(row, ctx.now));
    },
  );
}
