import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import {
  importSessionSchema,
  renderImportReason,
  VALUE_MAPPED_FIELDS,
  type CustomerCreate,
  type ImportMapping,
  type ImportSession,
  type ImportValueMapping,
  type ImportValues,
  type Role,
  type Tier,
  type ValueMappedField,
  message,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { makeCtx } from '../../platform/context.js';
import type { Database, Executor, Tx } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import type { Actor } from '../../platform/access/actor.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { escapeFormula } from '../../platform/export.js';
import { getSettings } from '../../platform/settings/settings.js';
import { calendarDay, zoneOffsetMs } from '../../platform/time.js';
import { backgroundJobs } from '../../platform/jobs/jobs.schema.js';
import { defineBackgroundJob, enqueueJob, requestJobCancel, type JobContext, type JobOutcome } from '../../platform/jobs/queue.js';
import { users } from '../org/index.js';
import { customerContacts, customerImports, customers, customerStatusHistory, importMappings } from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { getCustomerSettings } from './customers.settings.js';
import { cadenceDueAt } from './contact-cadence.js';
import { duplicateKeys } from './normalize.js';
import { OwnerDirectory, ownerReason, type OwnerCandidate } from './import-owners.js';
import { flushSearchIndexes } from './search-indexes.js';
import { invalidRowFailure, jobFailure, keepingFailures, takeFailure, uploadRefusal } from './import-failures.js';
import {
  convertRow,
  detectEncoding,
  detectFormat,
  headerAndData,
  knownValue,
  mappedValue,
  planMapping,
  reasonOf,
  previewFile,
  readHead,
  readRows,
  sameHeader,
  stripFormulaGuard,
  suggestMapping,
  type ContactInput,
  type ImportError,
  type MappingPlan,
  type SheetRow,
} from './import-parsing.js';

/**
 * Customer import (SPEC §M1, R-CUS-3 duplicates): upload → column mapping → validation of every
 * row (background job) → import (background job), all_or_nothing in one transaction or
 * valid_only batch by batch. Files stream from disk; memory does not grow with the file.
 */

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
/** Rows per batch: one duplicate lookup and one multi-row INSERT per table per batch. */
export const IMPORT_BATCH_SIZE = 1000;
/** Errors kept on the session; the full list is the error report file. */
const ERRORS_ON_SESSION = 100;

const storageKeyOf = (id: string) => `imports/${id}`;
const errorReportKeyOf = (id: string) => `imports/${id}.errors.csv`;
const resolve = (dataDir: string, key: string) => path.join(dataDir, key);

type ImportRow = typeof customerImports.$inferSelect;
type Validation = NonNullable<ImportSession['validation']>;
type Result = NonNullable<ImportSession['result']>;

const validationSchema = importSessionSchema.shape.validation;
const resultSchema = importSessionSchema.shape.result;

// ─── sessions ──────────────────────────────────────────────────────────────────────────────────

function present(row: ImportRow, job: { processed: number; total: number | null } | null): ImportSession {
  return {
    id: row.id,
    fileName: row.fileName,
    format: row.format,
    encoding: row.encoding,
    columns: row.columns,
    sampleRows: row.sampleRows,
    headerRow: row.headerRow,
    headerCandidates: row.headerCandidates,
    suggestedMapping: row.suggestedMapping as ImportMapping,
    mapping: (row.mapping as ImportMapping | null) ?? null,
    valueMapping: (row.valueMapping as ImportValueMapping | null) ?? null,
    ignoredColumns: ignoredColumns(row),
    mode: row.mode,
    status: row.status,
    progress: { processed: job?.processed ?? 0, total: job?.total ?? null },
    validation: validationSchema.parse(row.validation ?? null),
    result: resultSchema.parse(row.result ?? null),
    error: row.error,
    errorMessage: row.errorMessage ?? null,
    createdAt: iso(row.createdAt)!,
    finishedAt: iso(row.finishedAt),
  };
}

/** Issue 22 item 4: the file's columns that map to nothing, listed as "will be ignored" before the import starts. */
function ignoredColumns(row: ImportRow): string[] {
  const mapping = (row.mapping ?? row.suggestedMapping) as ImportMapping;
  return row.columns.filter((column) => !mapping[column]);
}

/** The caller's own import session (another user's is a 404), with its job's progress. */
async function loadOwn(ctx: Ctx, id: string, executor: Executor = ctx.db, { lock = false } = {}): Promise<ImportRow> {
  customersAccess.require(ctx.actor, 'import');
  const query = executor
    .select()
    .from(customerImports)
    .where(and(eq(customerImports.id, id), eq(customerImports.createdById, ctx.actor.id)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('import');
  return row;
}

async function presentById(executor: Executor, id: string): Promise<ImportSession> {
  const [row] = await executor
    .select({ session: customerImports, processed: backgroundJobs.processed, total: backgroundJobs.total })
    .from(customerImports)
    .leftJoin(backgroundJobs, eq(backgroundJobs.id, customerImports.jobId))
    .where(eq(customerImports.id, id));
  return present(row!.session, row!.processed === null ? null : { processed: row!.processed, total: row!.total });
}

/** An import session of the caller's, with progress, validation summary and result. */
export async function getImport(ctx: Ctx, id: string): Promise<ImportSession> {
  await loadOwn(ctx, id);
  return presentById(ctx.db, id);
}

/** The column mapping the caller used last (header → field), or {} the first time. */
export async function getRememberedMapping(ctx: Ctx, executor: Executor = ctx.db): Promise<ImportMapping> {
  customersAccess.require(ctx.actor, 'import');
  const [row] = await executor
    .select({ mapping: importMappings.mapping })
    .from(importMappings)
    .where(eq(importMappings.userId, ctx.actor.id));
  return (row?.mapping as ImportMapping | undefined) ?? {};
}

interface Remembered {
  mapping: ImportMapping;
  valueMapping: ImportValueMapping;
  headers: string[][];
}

/** What the caller chose in earlier imports: column mapping, value mapping, header rows picked by hand. */
async function getRemembered(ctx: Ctx, executor: Executor = ctx.db): Promise<Remembered> {
  const [row] = await executor
    .select({ mapping: importMappings.mapping, valueMapping: importMappings.valueMapping, headers: importMappings.headers })
    .from(importMappings)
    .where(eq(importMappings.userId, ctx.actor.id));
  return {
    mapping: (row?.mapping as ImportMapping | undefined) ?? {},
    valueMapping: (row?.valueMapping as ImportValueMapping | undefined) ?? {},
    headers: row?.headers ?? [],
  };
}

/** Header rows remembered per user (newest first); a file with one of them finds it again without asking. */
const REMEMBERED_HEADERS = 20;

/**
 * Stores an uploaded .csv/.xlsx under DATA_DIR/imports (streamed, never buffered whole), detects
 * the CSV encoding, reads the header and the first 20 rows and suggests a mapping (the user's
 * remembered one first). The file is removed again if it cannot be used.
 */
export async function uploadImport(ctx: Ctx, dataDir: string, upload: { fileName: string; stream: Readable }): Promise<ImportSession> {
  customersAccess.require(ctx.actor, 'import');
  const id = crypto.randomUUID();
  const storageKey = storageKeyOf(id);
  const target = resolve(dataDir, storageKey);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const discard = () => fs.promises.rm(target, { force: true });
  try {
    await pipeline(upload.stream, fs.createWriteStream(target));
  } catch (error) {
    await discard();
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw uploadRefusal('body.file', 'fileTooLarge', { mb: MAX_IMPORT_BYTES / 1024 / 1024 });
    throw error;
  }
  try {
    const head = await readHead(target);
    const format = detectFormat(upload.fileName, head);
    if (!format) throw uploadRefusal('body.file', 'fileType');
    const encoding = format === 'csv' ? detectEncoding(head) : null;
    const remembered = await getRemembered(ctx);
    const preview = await previewFile(target, format, encoding, { remembered: remembered.headers }).catch(() => {
      // the library's own message is for the log, not for the user (issue 22 item 8)
      throw uploadRefusal('body.file', format === 'xlsx' ? 'unreadableXlsx' : 'unreadableCsv');
    });
    if (!preview || !preview.sampleRows.length) throw uploadRefusal('body.file', 'noRows');
    await ctx.db.insert(customerImports).values({
      id,
      createdById: ctx.actor.id,
      fileName: upload.fileName.slice(0, 255),
      format,
      encoding,
      storageKey,
      columns: preview.columns,
      sampleRows: preview.sampleRows,
      headerRow: preview.headerRow,
      headerCandidates: preview.headerCandidates,
      suggestedMapping: suggestMapping(preview.columns, remembered.mapping),
      createdAt: ctx.now,
    });
  } catch (error) {
    await discard();
    throw error;
  }
  return presentById(ctx.db, id);
}

const writtenOf = (row: ImportRow) => resultSchema.parse(row.result ?? null)?.written ?? 0;

/**
 * Checks the mapping (every column exists, no field twice, the name mapped), remembers it for the
 * user, and queues the validation of every row. Allowed until an import has written something.
 */
export async function validateImport(
  ctx: Ctx,
  id: string,
  mapping: ImportMapping,
  valueMapping: ImportValueMapping = {},
): Promise<ImportSession> {
  return ctx.db.transaction(async (tx) => {
    const row = await loadOwn(ctx, id, tx, { lock: true });
    assertChangeable(row, 'validated');
    const plan = planMapping(row.columns, mapping);
    if ('message' in plan) throw badRequest(plan.field, plan.message);
    const jobId = await enqueueJob(tx, { kind: validateImportJob.kind, payload: { importId: id }, createdById: ctx.actor.id });
    await tx
      .update(customerImports)
      .set({
        status: 'validating',
        mapping,
        valueMapping,
        mode: null,
        validation: null,
        result: null,
        error: null,
        errorMessage: null,
        finishedAt: null,
        jobId,
      })
      .where(eq(customerImports.id, id));
    // Remembered for the next import (issue 22 items 1 and 5): columns by header, values by field.
    const remembered = await getRemembered(ctx, tx);
    const values: ImportValueMapping = { ...remembered.valueMapping };
    for (const field of VALUE_MAPPED_FIELDS) if (valueMapping[field]) values[field] = { ...values[field], ...valueMapping[field] };
    await remember(tx, ctx, { mapping: { ...remembered.mapping, ...mapping }, valueMapping: values });
    return presentById(tx, id);
  });
}

async function remember(tx: Executor, ctx: Ctx, changes: Partial<Remembered>): Promise<void> {
  await tx
    .insert(importMappings)
    .values({ userId: ctx.actor.id, mapping: {}, ...changes, updatedAt: ctx.now })
    .onConflictDoUpdate({ target: importMappings.userId, set: { ...changes, updatedAt: ctx.now } });
}

/** A session may be changed (header, mapping) until an import has written something. */
function assertChangeable(row: ImportRow, what: string): void {
  if (!['uploaded', 'validated', 'failed', 'cancelled'].includes(row.status) || writtenOf(row) > 0) {
    throw conflict(`the import is ${row.status}; it can no longer be ${what}`);
  }
}

/**
 * Issue 22 item 2: the user picks the header row among the first rows of the file. The columns,
 * preview and suggested mapping are read again under it; the mapping and validation start over.
 * The header's names are remembered: the next file with the same header finds it without asking.
 */
export async function chooseHeaderRow(ctx: Ctx, dataDir: string, id: string, headerRow: number): Promise<ImportSession> {
  const row = await loadOwn(ctx, id);
  assertChangeable(row, 'changed');
  const candidate = row.headerCandidates.find((c) => c.row === headerRow);
  if (!candidate) throw badRequest('body.row', `row ${headerRow} is not one of the first rows of the file`);
  const preview = await previewFile(resolve(dataDir, row.storageKey), row.format, row.encoding as 'utf-8' | 'gb18030' | null, {
    row: headerRow,
  });
  if (!preview || preview.headerRow !== headerRow) throw badRequest('body.row', `row ${headerRow} cannot be the header`);
  return ctx.db.transaction(async (tx) => {
    const locked = await loadOwn(ctx, id, tx, { lock: true });
    assertChangeable(locked, 'changed');
    const remembered = await getRemembered(ctx, tx);
    await tx
      .update(customerImports)
      .set({
        status: 'uploaded',
        columns: preview.columns,
        sampleRows: preview.sampleRows,
        headerRow,
        suggestedMapping: suggestMapping(preview.columns, remembered.mapping),
        mapping: null,
        valueMapping: null,
        validation: null,
        result: null,
        error: null,
        errorMessage: null,
        finishedAt: null,
      })
      .where(eq(customerImports.id, id));
    const header = candidate.cells;
    const headers = [header, ...remembered.headers.filter((h) => !sameHeader(h, header))].slice(0, REMEMBERED_HEADERS);
    await remember(tx, ctx, { headers });
    return presentById(tx, id);
  });
}

/** Distinct values listed per column for the value-mapping step, and rows read for them. */
const VALUES_LISTED = 200;
const VALUES_SCANNED_ROWS = 50_000;

/**
 * Issue 22 item 5: the distinct values of the mapped value columns (type, tier, lifecycle, source,
 * gender, size, industry, owner), most frequent first, each with our value for it — remembered for
 * the user, else understood from the synonyms — so the user maps what is not understood.
 */
export async function importValues(ctx: Ctx, dataDir: string, id: string, mapping: ImportMapping): Promise<ImportValues> {
  const row = await loadOwn(ctx, id);
  const plan = planMapping(row.columns, mapping);
  if ('message' in plan) throw badRequest(plan.field, plan.message);
  const targets = VALUE_MAPPED_FIELDS.flatMap((field) => {
    const at = plan.fields[field];
    return at ? [{ field, ...at, counts: new Map<string, number>() }] : [];
  });
  let scannedRows = 0;
  if (targets.length) {
    const rows = headerAndData(readRows(resolve(dataDir, row.storageKey), row.format, row.encoding as 'utf-8' | 'gb18030' | null), {
      row: row.headerRow,
    });
    try {
      for await (const item of rows) {
        if (!('data' in item)) continue;
        if (++scannedRows > VALUES_SCANNED_ROWS) {
          scannedRows--;
          break;
        }
        for (const target of targets) {
          const value = stripFormulaGuard((item.data.cells[target.index] ?? '').trim());
          if (value) target.counts.set(value, (target.counts.get(value) ?? 0) + 1);
        }
      }
    } finally {
      await rows.return(undefined);
    }
  }
  const remembered = (await getRemembered(ctx)).valueMapping;
  return {
    scannedRows,
    fields: targets.map((target) => {
      const sorted = [...target.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      return {
        field: target.field,
        column: target.column,
        truncated: sorted.length > VALUES_LISTED,
        values: sorted.slice(0, VALUES_LISTED).map(([value, count]) => {
          const known = knownValue(target.field as ValueMappedField, value);
          return { value, count, suggested: mappedValue(remembered[target.field], value) ?? known, known: known !== null };
        }),
      };
    }),
  };
}

/**
 * Queues the import of a validated session. The status moves to `importing` in one guarded
 * UPDATE, so a second start (a double click, two tabs) is a 409 and never imports twice. A session
 * whose import failed or was cancelled without writing anything may be started again (e.g. with
 * valid_only after all_or_nothing refused).
 */
export async function startImport(ctx: Ctx, id: string, mode: 'all_or_nothing' | 'valid_only'): Promise<ImportSession> {
  return ctx.db.transaction(async (tx) => {
    const row = await loadOwn(ctx, id, tx, { lock: true });
    if (row.status === 'importing' || row.status === 'completed')
      throw conflict(`the import is already ${row.status === 'importing' ? 'running' : 'done'}`);
    if (!row.validation || !row.mapping || !['validated', 'failed', 'cancelled'].includes(row.status))
      throw conflict('validate the file before importing it');
    if (writtenOf(row) > 0)
      throw conflict(`this import already wrote ${writtenOf(row)} customers; upload the file again to import the rest`);
    const total = validationSchema.parse(row.validation)!.totalRows;
    const jobId = await enqueueJob(tx, { kind: runImportJob.kind, payload: { importId: id }, createdById: ctx.actor.id, total });
    const started = await tx
      .update(customerImports)
      .set({ status: 'importing', mode, result: null, error: null, errorMessage: null, finishedAt: null, jobId })
      .where(and(eq(customerImports.id, id), eq(customerImports.status, row.status)))
      .returning({ id: customerImports.id });
    if (!started.length) throw conflict('the import was started by someone else first');
    return presentById(tx, id);
  });
}

/** Cancels a queued or running validation/import; a running one stops between batches (all_or_nothing rolls back). */
export async function cancelImport(ctx: Ctx, id: string): Promise<ImportSession> {
  return ctx.db.transaction(async (tx) => {
    const row = await loadOwn(ctx, id, tx, { lock: true });
    if ((row.status !== 'validating' && row.status !== 'importing') || !row.jobId)
      throw conflict(`the import is ${row.status}; there is nothing to cancel`);
    const outcome = await requestJobCancel(tx, row.jobId);
    if (outcome === 'cancelled') {
      // It never started: nothing ran, so the session is settled here rather than by the runner.
      await tx.update(customerImports).set({ status: 'cancelled', finishedAt: ctx.now }).where(eq(customerImports.id, id));
    }
    return presentById(tx, id);
  });
}

/** Where the full error report of the last validation is (UTF-8 with BOM). */
export async function errorReport(ctx: Ctx, dataDir: string, id: string): Promise<{ path: string; fileName: string }> {
  const row = await loadOwn(ctx, id);
  const file = resolve(dataDir, errorReportKeyOf(id));
  if (!row.validation || !fs.existsSync(file)) throw notFound('error report');
  return { path: file, fileName: `${row.fileName.replace(/\.[^.]+$/, '')}-errors.csv` };
}

// ─── checking rows ─────────────────────────────────────────────────────────────────────────────

type Owner = OwnerCandidate;

async function loadActor(db: Executor, userId: string): Promise<Actor> {
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
  if (!row || row.disabled) throw jobFailure('forbidden', 'importerBlocked');
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

/** Every user, by username and display name, with whether the importer may import customers for them (the staff list, not the file, sizes this). */
async function loadOwners(ctx: Ctx, executor: Executor): Promise<OwnerDirectory> {
  const rows = await executor
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      employeeNo: users.employeeNo,
      orgUnitId: users.orgUnitId,
      disabled: users.disabled,
      allowed: sql<boolean>`coalesce((${customersAccess.where(ctx.actor, 'import', users.id)}), false)`,
    })
    .from(users);
  return new OwnerDirectory(rows);
}

type MatchOn = 'phone' | 'taxId' | 'name' | 'person';

/**
 * R-CUS-3 keys of a row: phone and tax id for anyone; the name between organisations; a person
 * without a phone by name and (no) phone (issue 22 item 6: a re-import makes no copies of them).
 */
function keysOf(customer: { kind: string; name: string; phone?: string | null; taxId?: string | null }) {
  const keys = duplicateKeys(customer);
  const list: { key: string; on: MatchOn }[] = [];
  if (keys.phoneKey) list.push({ key: `p:${keys.phoneKey}`, on: 'phone' });
  if (keys.taxIdKey) list.push({ key: `t:${keys.taxIdKey}`, on: 'taxId' });
  if (customer.kind === 'organization') list.push({ key: `n:${keys.nameKey}`, on: 'name' });
  else if (!keys.phoneKey) list.push({ key: `q:${keys.nameKey}`, on: 'person' });
  return { ...keys, list };
}

/** Rows seen earlier in the file: key → row number. Import runs need none (earlier rows are already in `customers`). */
interface SeenKeys {
  lookup(keys: string[]): Promise<Map<string, number>>;
  add(entries: { key: string; row: number }[]): Promise<void>;
}

const NO_SEEN_KEYS: SeenKeys = { lookup: async () => new Map(), add: async () => undefined };

/** Keys of the file's rows so far in a temporary table of the validation's transaction (bounded memory for any file size). */
async function seenKeysTable(tx: Tx): Promise<SeenKeys> {
  await tx.execute(sql`create temporary table import_seen_keys (key text primary key, row integer not null) on commit drop`);
  return {
    async lookup(keys) {
      if (!keys.length) return new Map();
      const result = await tx.execute<{ key: string; row: number }>(
        sql`select key, row from import_seen_keys where key = any(${sql.param(keys)}::text[])`,
      );
      return new Map(result.rows.map((r) => [r.key, r.row]));
    },
    async add(entries) {
      if (!entries.length) return;
      await tx.execute(sql`insert into import_seen_keys (key, row)
        select * from unnest(${sql.param(entries.map((e) => e.key))}::text[], ${sql.param(entries.map((e) => e.row))}::int[]) on conflict do nothing`);
    },
  };
}

export interface CheckedRow {
  row: number;
  status: 'valid' | 'invalid' | 'duplicate';
  errors: ImportError[];
  customer?: NonNullable<ReturnType<typeof convertRow>['customer']>;
  contacts?: ContactInput[];
  /** The original creation time (issue 22 item 4); null = now. */
  createdAt?: Date | null;
  owner?: Owner;
  keys?: ReturnType<typeof keysOf>;
}

const DUPLICATE_REASONS = {
  customer: {
    phone: 'duplicateCustomerPhone',
    taxId: 'duplicateCustomerTaxId',
    name: 'duplicateCustomerName',
    person: 'duplicateCustomerPerson',
  },
  row: { phone: 'duplicateRowPhone', taxId: 'duplicateRowTaxId', name: 'duplicateRowName', person: 'duplicateRowPerson' },
} as const;

/** Company wall-clock `YYYY-MM-DD HH:MM:SS` → the instant. */
function localToInstant(local: string, timeZone: string): Date {
  const asUtc = new Date(`${local.replace(' ', 'T')}Z`);
  return new Date(asUtc.getTime() - zoneOffsetMs(asUtc, timeZone));
}

/** Checks rows in batches: values and owner, then R-CUS-3 duplicates against the database (one lookup per key index per batch) and earlier rows of the file. */
class RowChecker {
  constructor(
    private readonly ctx: Ctx,
    private readonly plan: MappingPlan,
    private readonly owners: OwnerDirectory,
    private readonly today: string,
    private readonly valueMapping: ImportValueMapping,
    private readonly timeZone: string,
  ) {}

  /** Values and owner: pure work, done while the previous batch is in the database. */
  prepare(batch: SheetRow[]): CheckedRow[] {
    return batch.map((sheetRow) => {
      const converted = convertRow(sheetRow, this.plan, this.today, { valueMapping: this.valueMapping });
      const errors = [...converted.errors];
      const username = converted.ownerUsername;
      const column = this.plan.fields.ownerUsername?.column ?? null;
      let owner: Owner | undefined;
      if (username) {
        const lookup = this.owners.find(username);
        if ('owner' in lookup) owner = lookup.owner;
        else {
          const value = stripFormulaGuard((sheetRow.cells[this.plan.fields.ownerUsername!.index] ?? '').trim());
          errors.push({ row: sheetRow.row, column, value, ...ownerReason(lookup) });
        }
      } else owner = this.owners.byUsernameOf(this.ctx.actor.username);
      let createdAt: Date | null = null;
      if (converted.createdAt) {
        createdAt = localToInstant(converted.createdAt, this.timeZone);
        if (createdAt > this.ctx.now) {
          const at = this.plan.fields.createdAt!;
          errors.push({ row: sheetRow.row, column: at.column, value: converted.createdAt, ...reasonOf('createdFuture') });
        }
      }
      if (errors.length || !converted.customer || !owner) return { row: sheetRow.row, status: 'invalid', errors };
      return {
        row: sheetRow.row,
        status: 'valid',
        errors,
        customer: converted.customer,
        contacts: converted.contacts,
        createdAt,
        owner,
        keys: keysOf(converted.customer),
      };
    });
  }

  /** Marks the prepared rows that duplicate a customer in the database or an earlier row of the file. */
  async markDuplicates(executor: Executor, checked: CheckedRow[], seen: SeenKeys): Promise<CheckedRow[]> {
    const candidates = checked.filter((c) => c.status === 'valid');
    if (!candidates.length) return checked;

    const phones = new Set<string>();
    const taxIds = new Set<string>();
    const names = new Set<string>();
    const persons = new Set<string>();
    for (const c of candidates) {
      if (c.keys!.phoneKey) phones.add(c.keys!.phoneKey);
      if (c.keys!.taxIdKey) taxIds.add(c.keys!.taxIdKey);
      if (c.customer!.kind === 'organization') names.add(c.keys!.nameKey);
      else if (!c.keys!.phoneKey) persons.add(c.keys!.nameKey);
    }
    // Same rule as findDuplicates (R-CUS-3), for a whole batch: one lookup per key index.
    // Each key is one probe of its key index: a LATERAL lookup per key leaves PostgreSQL no other
    // plan. With `key = any(array)` (or a join against the array) a plan cached while the table was
    // small — or while this import's own rows were unknown to the statistics — walked a whole index
    // per batch: quadratic over a large file. One match per key is enough to name it.
    const lookup = async (key: SQL, keys: Set<string>, extra: SQL = sql`true`) =>
      keys.size
        ? (
            await executor.execute<{ name: string; kind: string; nameKey: string; phoneKey: string | null; taxIdKey: string | null }>(sql`
              select c.name, c.kind, c.name_key as "nameKey", c.phone_key as "phoneKey", c.tax_id_key as "taxIdKey"
                from unnest(${sql.param([...keys])}::text[]) as k(key)
                cross join lateral (select * from customers c where ${key} = k.key and c.merged_into_id is null and ${extra} limit 1) c`)
          ).rows
        : [];
    const existing = [
      ...(await lookup(sql`c.phone_key`, phones)),
      ...(await lookup(sql`c.tax_id_key`, taxIds)),
      ...(await lookup(sql`c.name_key`, names, sql`c.kind = 'organization'`)),
      ...(await lookup(sql`c.name_key`, persons, sql`c.kind = 'person' and c.phone_key is null`)),
    ];
    const inDatabase = new Map<string, string>();
    for (const c of existing) {
      if (c.phoneKey) inDatabase.set(`p:${c.phoneKey}`, c.name);
      if (c.taxIdKey) inDatabase.set(`t:${c.taxIdKey}`, c.name);
      if (c.kind === 'organization') inDatabase.set(`n:${c.nameKey}`, c.name);
      else if (!c.phoneKey) inDatabase.set(`q:${c.nameKey}`, c.name);
    }
    const earlier = await seen.lookup(candidates.flatMap((c) => c.keys!.list.map((k) => k.key)));
    const fresh: { key: string; row: number }[] = [];
    for (const c of candidates) {
      let duplicate: { on: MatchOn; reason: ReturnType<typeof reasonOf> } | null = null;
      for (const { key, on } of c.keys!.list) {
        const name = inDatabase.get(key);
        const row = earlier.get(key);
        if (name !== undefined) duplicate = { on, reason: reasonOf(DUPLICATE_REASONS.customer[on], { name }) };
        else if (row !== undefined) duplicate = { on, reason: reasonOf(DUPLICATE_REASONS.row[on], { row }) };
        if (duplicate) break;
      }
      if (duplicate) {
        const at = this.plan.fields[duplicate.on === 'person' ? 'name' : duplicate.on];
        const value = duplicate.on === 'phone' ? c.customer!.phone : duplicate.on === 'taxId' ? c.customer!.taxId : c.customer!.name;
        c.status = 'duplicate';
        c.errors.push({ row: c.row, column: at?.column ?? null, value: value ?? null, ...duplicate.reason });
        continue;
      }
      // Later rows of the same batch see this one as "earlier in the file".
      for (const { key } of c.keys!.list) {
        earlier.set(key, c.row);
        fresh.push({ key, row: c.row });
      }
    }
    await seen.add(fresh);
    return checked;
  }
}

/**
 * Batches of `size` rows, the first ones smaller (100, 250, 500): progress is reported after each
 * batch, so a file of a few hundred rows shows rows being done too, not 0 and then done (issue 22 item 8).
 */
export async function* inBatches(rows: AsyncIterable<SheetRow>, size: number): AsyncGenerator<SheetRow[]> {
  const ramp = [100, 250, 500].filter((first) => first < size);
  let batch: SheetRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= (ramp[0] ?? size)) {
      ramp.shift();
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Reads the next batch while the current one is in the database (parsing and SQL overlap). */
async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = source.next();
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await next.catch(() => undefined);
    await source.return(undefined);
  }
}

/** The data rows of a stored import, in batches, the header skipped, prepared by the checker. */
function dataBatches(dataDir: string, session: ImportRow, checker: RowChecker): AsyncGenerator<CheckedRow[]> {
  const rows = headerAndData(
    readRows(resolve(dataDir, session.storageKey), session.format, session.encoding as 'utf-8' | 'gb18030' | null),
    { row: session.headerRow },
  );
  // The header is found again the same way as in the preview (the file does not change): title
  // rows above it and repeats of it are never data (issue 22 item 2).
  async function* withoutHeader(): AsyncGenerator<SheetRow> {
    for await (const item of rows) if ('data' in item) yield item.data;
  }
  async function* prepared(): AsyncGenerator<CheckedRow[]> {
    for await (const batch of inBatches(withoutHeader(), IMPORT_BATCH_SIZE)) yield checker.prepare(batch);
  }
  return readAhead(prepared());
}

interface JobSetup {
  ctx: Ctx;
  session: ImportRow;
  plan: MappingPlan;
  checker: RowChecker;
  /** The importer's language, for the error report file (issue 22 item 8). */
  locale: 'zh-CN' | 'en-US';
}

async function setUp(job: JobContext<{ importId: string }>, expected: ImportRow['status']): Promise<JobSetup> {
  const [session] = await job.db.select().from(customerImports).where(eq(customerImports.id, job.payload.importId));
  if (!session || session.jobId !== job.id || session.status !== expected)
    throw new Error('the import session is not waiting for this job');
  const actor = await loadActor(job.db, session.createdById);
  if (!customersAccess.can(actor, 'import')) throw jobFailure('forbidden', 'importerBlocked');
  const ctx = makeCtx(job.db, actor, { now: new Date() });
  const plan = planMapping(session.columns, (session.mapping ?? {}) as ImportMapping);
  if ('message' in plan) throw jobFailure('rule', 'mappingInvalid');
  const { timeZone } = await getSettings(job.db);
  const today = new Date(calendarDay(ctx.now, timeZone)).toISOString().slice(0, 10);
  // Fresh statistics before the duplicate lookups are planned. Measured: on a table never analysed
  // (a new install, right after the demo seed) PostgreSQL planned each key's lookup as a BitmapAnd
  // with a whole partial index (`merged_into_id is null`) — 1.2 s per batch of 1,000, an import of
  // 100,000 rows at under 1,000 rows/s. A sample of the table takes a fraction of a second.
  await job.db.execute(sql`analyze customers`);
  const [{ locale } = { locale: 'zh-CN' as const }] = await job.db
    .select({ locale: users.locale })
    .from(users)
    .where(eq(users.id, session.createdById));
  const valueMapping = (session.valueMapping ?? {}) as ImportValueMapping;
  const owners = await loadOwners(ctx, job.db);
  return { ctx, session, plan, locale, checker: new RowChecker(ctx, plan, owners, today, valueMapping, timeZone) };
}

/**
 * Progress reported without waiting for it: the checkpoint (another connection) runs while the next
 * batch is read and checked; a cancel it reports stops the job before that batch is written.
 */
class Progress {
  private pending: Promise<void> = Promise.resolve();
  constructor(private readonly job: JobContext<unknown>) {}
  report(processed: number, total: number | null): void {
    this.pending = this.job.checkpoint(processed, total);
    this.pending.catch(() => undefined);
  }
  settled(): Promise<void> {
    return this.pending;
  }
}

// ─── the validation job ────────────────────────────────────────────────────────────────────────

/** Validates every row; the summary goes on the session, every error into DATA_DIR/imports/<id>.errors.csv. */
async function runValidation(job: JobContext<{ importId: string }>): Promise<Record<string, unknown>> {
  const { session, checker, locale } = await setUp(job, 'validating');
  const reportPath = resolve(job.dataDir, errorReportKeyOf(session.id));
  const report = stringify({ bom: true });
  const file = fs.createWriteStream(reportPath);
  report.pipe(file);
  report.write(['行号 (row)', '列 (column)', '值 (value)', '原因 (reason)']);
  const summary: Validation = { totalRows: 0, validRows: 0, invalidRows: 0, duplicateRows: 0, errors: [] };
  try {
    await job.db.transaction(async (tx) => {
      await useIndexes(tx);
      const seen = await seenKeysTable(tx);
      const progress = new Progress(job);
      for await (const batch of dataBatches(job.dataDir, session, checker)) {
        await progress.settled();
        for (const row of await checker.markDuplicates(tx, batch, seen)) {
          summary.totalRows++;
          if (row.status === 'valid') summary.validRows++;
          else if (row.status === 'invalid') summary.invalidRows++;
          else summary.duplicateRows++;
          for (const error of row.errors) {
            if (summary.errors.length < ERRORS_ON_SESSION) summary.errors.push(error);
            // The report is opened in Excel: every cell is escaped against formula injection.
            const reason = (error.message && renderImportReason(error.message.key, error.message.params, locale)) ?? error.reason;
            if (!report.write([error.row, escapeFormula(error.column), escapeFormula(error.value), escapeFormula(reason)]))
              await once(report, 'drain');
          }
        }
        progress.report(summary.totalRows, null);
      }
      await progress.settled();
      await tx
        .update(customerImports)
        .set({ status: 'validated', validation: summary, finishedAt: new Date() })
        .where(and(eq(customerImports.id, session.id), eq(customerImports.jobId, job.id)));
    });
    await job.checkpoint(summary.totalRows, summary.totalRows).catch(() => undefined);
  } finally {
    report.end();
    await once(file, 'close');
  }
  return {
    totalRows: summary.totalRows,
    validRows: summary.validRows,
    invalidRows: summary.invalidRows,
    duplicateRows: summary.duplicateRows,
  };
}

// ─── the import job ────────────────────────────────────────────────────────────────────────────

/** A text[] literal (`{"a","b"}`) for one row's tags or interests inside an unnest column. */
const arrayLiteral = (items: string[]) => `{${items.map((item) => `"${item.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;

/** A column's values for a batch (with their SQL type), or one value for every row. */
type ColumnSource = { values: unknown[]; type: string } | { same: unknown; type: string };

/**
 * INSERT … SELECT FROM unnest(one array per column): a fixed statement text (prepared once per
 * connection) with one parameter per column — measured ~3x faster than a multi-row VALUES built by
 * the query builder. Column names come from the Drizzle schema.
 */
async function insertUnnest(tx: Tx, table: PgTable, columns: [PgColumn, ColumnSource][]): Promise<void> {
  const arrays = columns.flatMap(([, source], i) => ('values' in source ? [{ i, values: source.values, type: source.type }] : []));
  const select = columns.map(([, source], i) =>
    'values' in source
      ? source.type === 'text[]'
        ? sql.raw(`u.c${i}::text[]`)
        : sql.raw(`u.c${i}`)
      : sql`${source.same}::${sql.raw(source.type)}`,
  );
  // a text[] column travels as one array literal per row in a text[] array, cast back per row
  const unnest = arrays.map(({ values, type }) => sql`${sql.param(values)}::${sql.raw(type === 'text[]' ? 'text' : type)}[]`);
  await tx.execute(sql`
    insert into ${table} (${sql.join(
      columns.map(([column]) => sql.identifier(column.name)),
      sql`, `,
    )})
    select ${sql.join(select, sql`, `)}
      from unnest(${sql.join(unnest, sql`, `)}) as u(${sql.raw(arrays.map(({ i }) => `c${i}`).join(', '))})`);
}

/** Inserts one batch: customers, their first status, their contact — one statement per table. */
async function insertBatch(tx: Tx, ctx: Ctx, rows: CheckedRow[], dueAt: (tier: Tier) => Date): Promise<void> {
  const now = ctx.now;
  const ids = rows.map(() => crypto.randomUUID());
  const each = (type: string, value: (row: CheckedRow) => unknown): ColumnSource => ({ values: rows.map(value), type });
  const field = (type: string, key: keyof CustomerCreate): ColumnSource => each(type, (row) => row.customer![key] ?? null);
  const c = customers;
  await insertUnnest(tx, customers, [
    [c.id, { values: ids, type: 'uuid' }],
    [c.kind, field('text', 'kind')],
    [c.name, field('text', 'name')],
    [c.tier, field('text', 'tier')],
    [c.status, field('text', 'status')],
    [c.statusChangedAt, { same: now, type: 'timestamptz' }],
    [c.source, field('text', 'source')],
    // tags and interests travel as one text[] literal per row
    [c.tags, each('text[]', (row) => arrayLiteral(row.customer!.tags))],
    [c.phone, field('text', 'phone')],
    [c.email, field('text', 'email')],
    [c.wechat, field('text', 'wechat')],
    [c.address, field('text', 'address')],
    [c.needs, field('text', 'needs')],
    [c.painPoints, field('text', 'painPoints')],
    [c.industry, field('text', 'industry')],
    [c.size, field('text', 'size')],
    [c.annualPurchaseCents, field('bigint', 'annualPurchaseCents')],
    [c.taxId, field('text', 'taxId')],
    [c.decisionChain, field('text', 'decisionChain')],
    [c.gender, field('text', 'gender')],
    [c.birthday, field('date', 'birthday')],
    [c.occupation, field('text', 'occupation')],
    [c.interests, each('text[]', (row) => arrayLiteral(row.customer!.interests))],
    [c.notes, field('text', 'notes')],
    [c.nameKey, each('text', (row) => row.keys!.nameKey)],
    [c.phoneKey, each('text', (row) => row.keys!.phoneKey)],
    [c.taxIdKey, each('text', (row) => row.keys!.taxIdKey)],
    [c.ownerId, each('uuid', (row) => row.owner!.id)],
    [c.teamId, each('uuid', (row) => row.owner!.orgUnitId)],
    [c.assignedAt, { same: now, type: 'timestamptz' }],
    [c.cadenceDueAt, each('timestamptz', (row) => dueAt(row.customer!.tier).toISOString())],
    [c.createdById, { same: ctx.actor.id, type: 'uuid' }],
    // issue 22 item 4: the file's original creation date is the customer's created date
    [c.createdAt, each('timestamptz', (row) => (row.createdAt ?? now).toISOString())],
    [c.updatedAt, { same: now, type: 'timestamptz' }],
  ]);
  const h = customerStatusHistory;
  await insertUnnest(tx, customerStatusHistory, [
    [h.customerId, { values: ids, type: 'uuid' }],
    [h.toStatus, field('text', 'status')],
    [h.at, { same: now, type: 'timestamptz' }],
    [h.actorId, { same: ctx.actor.id, type: 'uuid' }],
  ]);
  const withContact = rows.flatMap((row, i) => (row.contacts ?? []).map((contact) => ({ customerId: ids[i]!, contact })));
  if (withContact.length) {
    const k = customerContacts;
    const contact = (type: string, value: (entry: (typeof withContact)[number]) => unknown): ColumnSource => ({
      values: withContact.map(value),
      type,
    });
    await insertUnnest(tx, customerContacts, [
      [k.customerId, contact('uuid', (e) => e.customerId)],
      [k.name, contact('text', (e) => e.contact.name)],
      [k.title, contact('text', (e) => e.contact.title ?? null)],
      [k.phone, contact('text', (e) => e.contact.phone ?? null)],
      [k.email, contact('text', (e) => e.contact.email ?? null)],
      [k.wechat, contact('text', (e) => e.contact.wechat ?? null)],
      [k.decisionRole, contact('text', (e) => e.contact.decisionRole ?? null)],
      [k.isPrimary, contact('boolean', (e) => e.contact.isPrimary)],
      [k.createdAt, { same: now, type: 'timestamptz' }],
      [k.updatedAt, { same: now, type: 'timestamptz' }],
    ]);
  }
}

/**
 * The duplicate lookups must use the key indexes. Rows this transaction inserted (and the temporary
 * table of seen keys) are unknown to the planner's statistics, so with a prepared, generic plan it
 * may pick a sequential scan that grows with every batch — quadratic over a large file.
 */
const useIndexes = (tx: Tx) => tx.execute(sql`set local enable_seqscan = off`);

/** Concurrent imports take turns batch by batch, so each one's duplicate check sees the other's rows. */
const lockImports = async (tx: Tx) => {
  await useIndexes(tx);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('customers.import'))`);
};

async function auditImport(tx: Executor, ctx: Ctx, session: ImportRow, mode: string, result: Result, ending = ''): Promise<void> {
  await ctx.audit(tx, {
    action: 'create',
    entity: 'customers',
    changes: { imported: [null, result.written] },
    summary: `import ${session.id}: ${result.written} customers imported from "${session.fileName}" (${mode}); skipped ${result.skippedDuplicates} duplicates and ${result.skippedInvalid} invalid rows${ending}`,
    summaryMessage: message('audit.messages.customersImported', {
      count: result.written,
      fileName: session.fileName,
      duplicates: result.skippedDuplicates,
      invalid: result.skippedInvalid,
    }),
  });
}

/**
 * Imports the rows. all_or_nothing: one transaction; the first invalid row (or a cancel) rolls
 * everything back. valid_only: one transaction per batch, the running counts stored with it, so
 * `result.written` is always the number of rows committed. Duplicates are skipped in both modes.
 */
async function runImport(job: JobContext<{ importId: string }>): Promise<Record<string, unknown>> {
  const { ctx, session, checker } = await setUp(job, 'importing');
  const mode = session.mode ?? 'all_or_nothing';
  const total = validationSchema.parse(session.validation)?.totalRows ?? null;
  const [settings, platform] = await Promise.all([getCustomerSettings(job.db), getSettings(job.db)]);
  // R-CUS-1: every imported customer is assigned now, never contacted: the due date depends on the tier only.
  const dueByTier = new Map<Tier, Date>();
  const dueAt = (tier: Tier) =>
    dueByTier.get(tier) ??
    dueByTier
      .set(tier, cadenceDueAt(settings.cadence, { tier, lastQualifyingContactAt: null, anchorAt: ctx.now }, platform.timeZone))
      .get(tier)!;
  const result: Result = { written: 0, skippedInvalid: 0, skippedDuplicates: 0 };
  let processed = 0;
  const finish = async (tx: Executor) => {
    await auditImport(tx, ctx, session, mode, result);
    await tx
      .update(customerImports)
      .set({ status: 'completed', result, finishedAt: new Date() })
      .where(and(eq(customerImports.id, session.id), eq(customerImports.jobId, job.id)));
  };

  if (mode === 'all_or_nothing') {
    await job.db.transaction(async (tx) => {
      await lockImports(tx);
      const progress = new Progress(job);
      for await (const batch of dataBatches(job.dataDir, session, checker)) {
        await progress.settled();
        const checked = await checker.markDuplicates(tx, batch, NO_SEEN_KEYS);
        const invalid = checked.find((row) => row.status === 'invalid');
        if (invalid) {
          const known = validationSchema.parse(session.validation)?.invalidRows ?? 0;
          throw invalidRowFailure(invalid.errors[0]!, Math.max(0, known - 1));
        }
        const valid = checked.filter((row) => row.status === 'valid');
        if (valid.length) await insertBatch(tx, ctx, valid, dueAt);
        result.written += valid.length;
        result.skippedDuplicates += checked.length - valid.length;
        processed += checked.length;
        progress.report(processed, total);
      }
      await progress.settled();
      await finish(tx);
    });
  } else {
    const progress = new Progress(job);
    for await (const batch of dataBatches(job.dataDir, session, checker)) {
      await progress.settled();
      await job.db.transaction(async (tx) => {
        await lockImports(tx);
        const checked = await checker.markDuplicates(tx, batch, NO_SEEN_KEYS);
        const valid = checked.filter((row) => row.status === 'valid');
        if (valid.length) await insertBatch(tx, ctx, valid, dueAt);
        const next = {
          written: result.written + valid.length,
          skippedInvalid: result.skippedInvalid + checked.filter((row) => row.status === 'invalid').length,
          skippedDuplicates: result.skippedDuplicates + checked.filter((row) => row.status === 'duplicate').length,
        };
        // The count commits with the rows it counts.
        await tx.update(customerImports).set({ result: next }).where(eq(customerImports.id, session.id));
        Object.assign(result, next);
      });
      processed += batch.length;
      progress.report(processed, total);
    }
    await progress.settled();
    await job.db.transaction((tx) => finish(tx));
  }
  // The import is complete for its user; searches stay fast from here on (search-indexes.ts). The
  // merge is housekeeping (autovacuum does it later): a failure here, or a shutdown during it,
  // leaves the completed import completed.
  if (result.written)
    await flushSearchIndexes(job.db).catch((err) =>
      job.log.error({ err }, 'merging the search indexes after an import failed; autovacuum will'),
    );
  await job.checkpoint(processed, processed).catch(() => undefined);
  return { ...result };
}

/**
 * A job that failed or was cancelled settles its session. A valid_only import that had already
 * committed rows gets its one audit entry here, with the count written.
 */
async function settleStopped(
  db: Database,
  job: { id: string; payload: { importId: string } },
  outcome: JobOutcome,
  phase: 'validate' | 'import',
): Promise<void> {
  const errorMessage = takeFailure(job.id, outcome.status);
  await db.transaction(async (tx) => {
    const [session] = await tx
      .update(customerImports)
      .set({ status: outcome.status, error: outcome.error, errorMessage, finishedAt: new Date() })
      // Only a session still waiting on its job: one the job completed stays completed.
      .where(
        and(
          eq(customerImports.id, job.payload.importId),
          eq(customerImports.jobId, job.id),
          inArray(customerImports.status, ['validating', 'importing']),
        ),
      )
      .returning();
    if (!session || phase !== 'import') return;
    const result = resultSchema.parse(session.result ?? null);
    if (!result || result.written === 0) return;
    const actor = await loadActor(tx, session.createdById).catch(() => null);
    const ctx = makeCtx(
      db,
      actor ?? {
        id: session.createdById,
        username: 'unknown',
        displayName: 'unknown',
        roles: [],
        orgUnitId: null,
        orgUnitPath: null,
        linePath: '/',
      },
    );
    await auditImport(
      tx,
      ctx,
      session,
      session.mode ?? 'valid_only',
      result,
      outcome.status === 'cancelled' ? ' before it was cancelled' : ` before it failed: ${outcome.error}`,
    );
  });
}

const importPayload = z.object({ importId: z.uuid() });

export const validateImportJob = defineBackgroundJob({
  kind: 'customers.import.validate',
  payload: importPayload,
  // Validation writes nothing but its report: safe to run again after a crash.
  onStale: 'requeue',
  run: keepingFailures(runValidation),
  onStopped: (db, job, outcome) => settleStopped(db, job, outcome, 'validate'),
});

export const runImportJob = defineBackgroundJob({
  kind: 'customers.import.run',
  payload: importPayload,
  // A valid_only import may have committed batches: never run it twice on its own.
  onStale: 'fail',
  run: keepingFailures(runImport),
  onStopped: (db, job, outcome) => settleStopped(db, job, outcome, 'import'),
});

/** The background jobs of customer imports, for the JobRunner of every server process. */
export const customerImportJobs = [validateImportJob, runImportJob];
