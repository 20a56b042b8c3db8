import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';

/** A training session as another module links to it (channels: a partner's staff trained on it). */
export interface SessionLink {
  id: string;
  title: string;
  /** The company day it starts. */
  day: string;
  certification: string | null;
}

/**
 * Sessions for another module's picker and links, newest first: by words in the title (`q`), or the
 * given ids. Read here so that no other module reads the training tables.
 */
export async function trainingSessionLinks(
  db: Executor,
  filter: { q?: string; ids?: readonly string[] },
  timeZone: string,
): Promise<SessionLink[]> {
  const where = filter.ids
    ? sql`s.id = any(${sql.param([...filter.ids])}::uuid[])`
    : sql`s.title ilike ${`%${(filter.q ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
  const rows = await db.execute<{ id: string; title: string; day: string; certification: string | null }>(sql`
    select s.id, s.title, (s.starts_at at time zone ${timeZone})::date::text as day, s.certification
      from training_sessions s where ${where} order by s.starts_at desc limit 50`);
  return rows.rows;
}
