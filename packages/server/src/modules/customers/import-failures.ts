import {
  importFailureKey,
  message,
  messageSchema,
  renderImportFailure,
  type ImportError,
  type ImportFailureKey,
  type Message,
  type MessageParams,
} from '@xiaoguan/shared';
import { AppError } from '../../platform/errors.js';
import { JobCancelledError, type JobContext } from '../../platform/jobs/queue.js';

/**
 * Issue 22 item 8: an upload refused or an import job stopped says why as a message (key +
 * parameters, shared IMPORT_FAILURES) beside its English sentence, so the wizard shows the reason in
 * the reader's language and never a raw library error.
 */

/** The English sentence of a failure (the API's `message`, the session's `error`). */
export function failureText(key: ImportFailureKey, params: MessageParams = {}): string {
  return renderImportFailure(key, params, 'en-US')!;
}

/** A 400 for an upload that cannot be used: the English sentence, and the message in `data.message`. */
export function uploadRefusal(field: string, key: ImportFailureKey, params: MessageParams = {}): AppError {
  return new AppError('validation', failureText(key, params), { field, data: { message: message(importFailureKey(key), params) } });
}

/** An import job's error that says why in both languages. */
export function jobFailure(code: 'rule' | 'forbidden', key: ImportFailureKey, params: MessageParams = {}): AppError {
  return new AppError(code, failureText(key, params), { data: { message: message(importFailureKey(key), params) } });
}

/** all_or_nothing stopped by an invalid row: the row, its first reason (nested by key) and how many more rows are invalid. */
export function invalidRowFailure(first: ImportError, moreRows: number): AppError {
  const params: MessageParams = {
    ...(first.message?.params ?? {}),
    failedRow: first.row,
    failedColumn: first.column ?? '—',
    reasonKey: first.message?.key ?? importFailureKey('unexpected'),
    ...(moreRows > 0 ? { moreRows } : {}),
  };
  return jobFailure('rule', moreRows > 0 ? 'invalidRows' : 'invalidRow', params);
}

/** A job's failure as a message: its own when it has one, else "unexpected" with a reference for the log. */
function failureMessageOf(error: unknown, jobId: string): Message | null {
  if (error instanceof JobCancelledError) return null;
  if (error instanceof AppError) {
    const parsed = messageSchema.safeParse(error.details.data?.message);
    if (parsed.success) return parsed.data;
  }
  return message(importFailureKey('unexpected'), { reference: jobId.slice(0, 8) });
}

/** Failures of jobs run by this process, until their session is settled (settleStopped takes them). */
const failures = new Map<string, Message>();

/** Runs an import job, keeping the message of its failure for the session. */
export function keepingFailures<P, R>(run: (job: JobContext<P>) => Promise<R>): (job: JobContext<P>) => Promise<R> {
  return async (job) => {
    try {
      return await run(job);
    } catch (error) {
      const failure = failureMessageOf(error, job.id);
      if (failure) failures.set(job.id, failure);
      throw error;
    }
  };
}

/**
 * The message of a stopped job: the one its run left here, else (found stale after its process
 * died) "interrupted". Cancelled jobs have none.
 */
export function takeFailure(jobId: string, status: 'failed' | 'cancelled'): Message | null {
  const failure = failures.get(jobId) ?? null;
  failures.delete(jobId);
  if (status === 'cancelled') return null;
  return failure ?? message(importFailureKey('interrupted'));
}
