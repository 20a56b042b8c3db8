import type { ApiError, ErrorCode } from '@xiaoguan/shared';

/** Every business route lives under this prefix; the dev server proxies it to the API. */
export const API_PREFIX = '/api/v1';
const CSRF_COOKIE = 'xg_csrf';
const CSRF_HEADER = 'x-csrf-token';

const KNOWN_CODES: readonly ErrorCode[] = [
  'validation',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'rule',
  'rate_limited',
  'locked',
  'internal',
  'unavailable',
];

/** The one error the API returns, typed: code, message, the offending field and the rule. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly field?: string;
  readonly rule?: string;
  /** Extra facts for the UI, e.g. `duplicates` for an R-CUS-3 conflict. */
  readonly data?: Record<string, unknown>;
  readonly requestId?: string;

  constructor(status: number, body: ApiError['error']) {
    super(body.message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = body.code;
    this.field = body.field;
    this.rule = body.rule;
    this.data = body.data;
    this.requestId = body.requestId;
  }

  /** The form field the error names (`body.username` → `username`), if any. */
  get formField(): string | undefined {
    if (!this.field) return undefined;
    return this.field.replace(/^(body|query|params)\./, '');
  }
}

export function isApiError(error: unknown): error is ApiRequestError {
  return error instanceof ApiRequestError;
}

function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  for (const part of document.cookie.split(';')) {
    const trimmed = part.trim();
    if (trimmed.startsWith(prefix)) return decodeURIComponent(trimmed.slice(prefix.length));
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads `{error:{code,message,…}}` without trusting it; anything else becomes `internal`. */
function toErrorBody(status: number, payload: unknown): ApiError['error'] {
  const inner = isRecord(payload) && isRecord(payload.error) ? payload.error : null;
  const code =
    inner && typeof inner.code === 'string' && (KNOWN_CODES as readonly string[]).includes(inner.code) ? (inner.code as ErrorCode) : null;
  if (inner && code) {
    return {
      code,
      message: typeof inner.message === 'string' ? inner.message : code,
      field: typeof inner.field === 'string' ? inner.field : undefined,
      rule: typeof inner.rule === 'string' ? inner.rule : undefined,
      data: isRecord(inner.data) ? (inner.data as Record<string, unknown>) : undefined,
      requestId: typeof inner.requestId === 'string' ? inner.requestId : undefined,
    };
  }
  const fallback: ErrorCode = status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'internal';
  return { code: fallback, message: `HTTP ${status}` };
}

export type QueryValue = string | number | boolean | null | undefined;

export function buildQuery(query?: Record<string, QueryValue>): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** A multipart body (file uploads); sent as is, the browser sets the content type. */
  form?: FormData;
  signal?: AbortSignal;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined && !options.form) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    // Double-submit CSRF protection: echo the readable cookie in a header on every write.
    const token = readCookie(CSRF_COOKIE);
    if (token) headers[CSRF_HEADER] = token;
  }
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}${path}${buildQuery(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiRequestError(0, { code: 'internal', message: 'network' });
  }
  const text = await response.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }
  if (!response.ok) throw new ApiRequestError(response.status, toErrorBody(response.status, payload));
  return payload as T;
}

/** The typed API client: paths are relative to /api/v1. Writes carry the CSRF header. */
export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** POSTs a multipart form (e.g. a `file` field), with the CSRF header like every write. */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { form }),
};

/** The absolute URL of an API path (downloads: export files, attachments, error reports). */
export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  return `${API_PREFIX}${path}${buildQuery(query)}`;
}

/** The file name a download's content-disposition gives (`filename*=UTF-8''…` first), or the fallback. */
export function dispositionFileName(header: string | null, fallback: string): string {
  const encoded = header ? /filename\*=UTF-8''([^;]+)/i.exec(header) : null;
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      return fallback;
    }
  }
  const plain = header ? /filename="([^"]+)"/i.exec(header) : null;
  return plain?.[1] ?? fallback;
}

/**
 * POSTs a JSON body and saves the answer as a file ("export selected": the ids go in the body, too
 * many for a link). Errors arrive as the usual ApiRequestError.
 */
export async function downloadPost(path: string, body: unknown, fallbackName: string): Promise<string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = readCookie(CSRF_COOKIE);
  if (token) headers[CSRF_HEADER] = token;
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}${path}`, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body) });
  } catch {
    throw new ApiRequestError(0, { code: 'internal', message: 'network' });
  }
  if (!response.ok) {
    const text = await response.text();
    let payload: unknown = undefined;
    try {
      payload = text ? JSON.parse(text) : undefined;
    } catch {
      payload = undefined;
    }
    throw new ApiRequestError(response.status, toErrorBody(response.status, payload));
  }
  const fileName = dispositionFileName(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return fileName;
}
