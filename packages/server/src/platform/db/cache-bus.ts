import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Executor } from './client.js';

/**
 * Cache invalidation across the server processes that share one database (WORKERS > 1, or several
 * machines). Each process keeps a few short-lived caches — sessions, settings, the org directory —
 * and drops an entry as soon as it writes what the entry holds. `announce` tells the other processes
 * too, through PostgreSQL's NOTIFY: sent inside the writing transaction, it is delivered when that
 * commits and never if it rolls back. Without the listener (tests, one process) the caches still
 * expire within their few seconds.
 */
const CHANNEL = 'xg_cache';
type Handler = (arg: string) => void;
const handlers = new Map<string, Handler[]>();

/** What this process drops when `topic` is announced; an empty argument means "everything". Several caches may listen to one topic. */
export function onAnnounce(topic: string, handler: Handler): void {
  handlers.set(topic, [...(handlers.get(topic) ?? []), handler]);
}

function dispatch(payload: string): void {
  const colon = payload.indexOf(':');
  const arg = colon < 0 ? '' : payload.slice(colon + 1);
  for (const handler of handlers.get(colon < 0 ? payload : payload.slice(0, colon)) ?? []) handler(arg);
}

/** Drops the entry in this process now, and in every other process when `executor`'s transaction commits. */
export async function announce(executor: Executor, topic: string, arg = ''): Promise<void> {
  dispatch(`${topic}:${arg}`);
  await executor.execute(sql`select pg_notify(${CHANNEL}, ${`${topic}:${arg}`})`);
}

/**
 * Listens for announcements on a dedicated connection. If the connection drops, it reconnects and
 * clears every cache (announcements made meanwhile are lost). Returns a stop function.
 */
export async function startCacheBus(url: string, log: (message: string) => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  const reconnectLater = () => {
    if (stopped) return;
    retry = setTimeout(() => void connect().catch(reconnectLater), 1_000);
  };
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: 'xiaoguan-cache-bus' });
    next.on('notification', (message) => dispatch(message.payload ?? ''));
    const lost = () => {
      if (stopped || client !== next) return;
      client = null;
      void next.end().catch(() => undefined);
      for (const topic of handlers.keys()) dispatch(topic);
      log('cache bus: connection lost; caches cleared, reconnecting');
      reconnectLater();
    };
    next.on('error', lost);
    next.on('end', lost);
    try {
      await next.connect();
      await next.query(`listen ${CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    client = next;
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
