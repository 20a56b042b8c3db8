import fs from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, eq, like, sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify';
import { bulkJobSchema, type BulkJob, type BulkJobFailure, type Role } from '@xiaoguan/shared';
import type { Actor } from '../access/actor.js';
import { ctxOf } from '../context.js';
import type { Executor } from '../db/client.js';
import { iso } from '../db/client.js';
import { notFound } from '../errors.js';
import { escapeFormula } from '../export.js';
import { backgroundJobs } from './jobs.schema.js';

/**
 * Bulk actions above BULK_LIMIT records run as background jobs (issue 16): a module defines the job
 * (kind `bulk.<list>`) with the queue's defineBackgroundJob and records each record's outcome here.
 * Progress is the queue's processed/total; the counts and first failures go into the job's result
 * after every batch (so an interrupted job still says how far it got); every outcome goes into a
 * CSV report under DATA_DIR. The starter reads both through GET /bulk-jobs/:id and /report.
 */

export const BULK_JOB_PREFIX = 'bulk.';
/** Failures kept in the job record for the screen; the report file has all of them. */
const FAILURES_SHOWN = 50;

const reportPath = (dataDir: string, jobId: string) => resolve(dataDir, 'bulk-jobs', `${jobId}.csv`);

/** The user who started a job, as an actor (access is checked as them inside the job); null once disabled or gone. */
export async function loadJobActor(db: Executor, userId: string | null): Promise<Actor | null> {
  if (!userId) return null;
  const result = await db.execute<{
    id: string;
    username: string;
    display_name: string;
    roles: Role[];
    org_unit_id: string | null;
    path: string | null;
    line_path: string;
    disabled: boolean;
  }>(sql`
    select u.id, u.username, u.display_name, u.roles, u.org_unit_id, o.path, u.line_path, u.disabled
      from users u left join org_units o on o.id = u.org_unit_id where u.id = ${userId}`);
  const row = result.rows[0];
  if (!row || row.disabled) return null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    orgUnitId: row.org_unit_id,
    orgUnitPath: row.path,
    linePath: row.line_path,
  };
}

export type BulkOutcome = 'changed' | 'unchanged' | 'failed';

export interface BulkJobResult {
  action: string;
  changed: number;
  unchanged: number;
  failed: number;
  failures: BulkJobFailure[];
  [key: string]: unknown;
}

/** Counts, the first failures and the report file of one bulk job. */
export class BulkJobRecorder {
  readonly result: BulkJobResult;
  private readonly csv = stringify({ bom: true });
  private readonly file: fs.WriteStream;
  private readonly closed: Promise<void>;

  constructor(
    private readonly db: Executor,
    dataDir: string,
    private readonly jobId: string,
    action: string,
  ) {
    this.result = { action, changed: 0, unchanged: 0, failed: 0, failures: [] };
    const path = reportPath(dataDir, jobId);
    fs.mkdirSync(dirname(path), { recursive: true });
    this.file = fs.createWriteStream(path);
    this.closed = new Promise((done) => this.file.on('close', () => done()));
    this.csv.pipe(this.file);
    this.csv.write(['ID', '名称 (name)', '结果 (outcome)', '原因 (reason)']);
  }

  record(id: string, name: string | null, outcome: BulkOutcome, failure?: Pick<BulkJobFailure, 'code' | 'reason'>): void {
    this.result[outcome] += 1;
    if (outcome === 'failed' && failure && this.result.failures.length < FAILURES_SHOWN)
      this.result.failures.push({ id, name, ...failure });
    this.csv.write([id, escapeFormula(name), outcome, failure?.reason ?? '']);
  }

  /** The counts so far into the job record (committed at once; the screen polls them). */
  async flush(): Promise<void> {
    await this.db.update(backgroundJobs).set({ result: this.result }).where(eq(backgroundJobs.id, this.jobId));
  }

  async close(): Promise<BulkJobResult> {
    this.csv.end();
    await this.closed;
    await this.flush();
    return this.result;
  }
}

function present(row: typeof backgroundJobs.$inferSelect): BulkJob {
  const result = (row.result ?? {}) as Partial<BulkJobResult>;
  const payload = row.payload as { change?: { action?: string } };
  return {
    id: row.id,
    kind: row.kind,
    action: payload.change?.action ?? result.action ?? null,
    status: row.status,
    processed: row.processed,
    total: row.total,
    changed: result.changed ?? null,
    unchanged: result.unchanged ?? null,
    failed: result.failed ?? null,
    failures: result.failures ?? [],
    error: row.error,
    createdAt: iso(row.createdAt)!,
    finishedAt: iso(row.finishedAt),
  };
}

/** GET /bulk-jobs/:id and its report: only the user who started the job sees it (404 for anyone else). */
export async function bulkJobsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['jobs'];
  const params = z.object({ id: z.uuid() });
  const own = async (request: Parameters<typeof ctxOf>[0], id: string) => {
    const ctx = ctxOf(request);
    const [row] = await ctx.db
      .select()
      .from(backgroundJobs)
      .where(
        and(eq(backgroundJobs.id, id), eq(backgroundJobs.createdById, ctx.actor.id), like(backgroundJobs.kind, `${BULK_JOB_PREFIX}%`)),
      );
    if (!row) throw notFound('bulk job');
    return row;
  };
  r.get('/bulk-jobs/:id', { schema: { tags, params, response: { 200: bulkJobSchema } } }, async (req) =>
    present(await own(req, req.params.id)),
  );
  r.get('/bulk-jobs/:id/report', { schema: { tags, params } }, async (req, reply) => {
    const row = await own(req, req.params.id);
    const path = reportPath(app.config.dataDir, row.id);
    if (!fs.existsSync(path)) throw notFound('bulk job report');
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="bulk-${row.id}.csv"`)
      .send(fs.createReadStream(path));
  });
}
