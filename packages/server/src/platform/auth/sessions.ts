import { announce, onAnnounce } from '../db/cache-bus.js';
import crypto from 'node:crypto';
import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Role } from '@xiaoguan/shared';
import type { Database, Executor } from '../db/client.js';
import type { Actor } from '../access/actor.js';
import { sessions } from './auth.schema.js';
import { getSettings } from '../settings/settings.js';

export const SESSION_COOKIE = 'xg_session';
export const CSRF_COOKIE = 'xg_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('base64url');

export interface SessionInfo {
  id: string;
  csrfToken: string;
  actor: Actor;
  acknowledged: boolean;
  mustChangePassword: boolean;
}

/** Creates a session and returns the token for the cookie (only its hash is stored). */
export async function createSession(
  db: Executor,
  userId: string,
  meta: { ip: string | null; userAgent: string | null; now: Date },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const settings = await getSettings(db);
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(meta.now.getTime() + settings.sessionAbsoluteHours * 3_600_000);
  await db.insert(sessions).values({
    id: hashToken(token),
    userId,
    csrfToken,
    expiresAt,
    lastSeenAt: meta.now,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

interface SessionRow extends Record<string, unknown> {
  id: string;
  csrf_token: string;
  last_seen_at: Date | string;
  user_id: string;
  username: string;
  display_name: string;
  roles: Role[];
  org_unit_id: string | null;
  org_unit_path: string | null;
  line_path: string;
  acknowledged: boolean;
  must_change_password: boolean;
}

/**
 * Sessions looked up in the last few seconds, per process: most requests then need no session
 * query. Signing out, acknowledging, a password change or reset, disabling a user and org changes
 * evict the user's entries at once, in every server process sharing the database (announced
 * through platform/db/cache-bus.ts); without the bus a change shows within CACHE_MS.
 */
const CACHE_MS = 5_000;
const MAX_UNIT_IDS = 2_000;
const sessionCache = new Map<string, { at: number; info: SessionInfo }>();

/** Drops a user's cached sessions (their roles, unit or reporting line changed). */
export function evictUser(userId: string): void {
  for (const [key, entry] of sessionCache) if (entry.info.actor.id === userId) sessionCache.delete(key);
}

export function clearSessionCache(): void {
  sessionCache.clear();
}

// Other server processes' announcements (platform/db/cache-bus.ts): a user's sessions, or all; one session.
onAnnounce('sessions', (userId) => (userId ? evictUser(userId) : clearSessionCache()));
onAnnounce('session', (sessionId) => (sessionId ? sessionCache.delete(sessionId) : clearSessionCache()));

/** The live session for a cookie token: not expired, not idle too long, user not disabled. */
export async function loadSession(db: Database, token: string, now: Date): Promise<SessionInfo | null> {
  const id = hashToken(token);
  const cached = sessionCache.get(id);
  if (cached && now.getTime() - cached.at < CACHE_MS) return cached.info;
  const settings = await getSettings(db);
  const idleCutoff = new Date(now.getTime() - settings.sessionIdleMinutes * 60_000);
  const result = await db.execute<SessionRow>(sql`
    select s.id, s.csrf_token, s.last_seen_at, u.id as user_id, u.username, u.display_name, u.roles,
           u.org_unit_id, o.path as org_unit_path, u.line_path,
           (u.confidentiality_acknowledged_at is not null) as acknowledged, u.must_change_password
      from sessions s
      join users u on u.id = s.user_id
      left join org_units o on o.id = u.org_unit_id
     where s.id = ${id} and s.expires_at > ${now} and s.last_seen_at > ${idleCutoff} and not u.disabled`);
  const row = result.rows[0];
  if (!row) return null;
  // Touch at most once a minute: idle expiry needs it, every request writing would not.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  const info: SessionInfo = {
    id,
    csrfToken: row.csrf_token,
    acknowledged: row.acknowledged,
    mustChangePassword: row.must_change_password,
    actor: {
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      roles: row.roles,
      orgUnitId: row.org_unit_id,
      orgUnitPath: row.org_unit_path,
      linePath: row.line_path,
    },
  };
  if (info.actor.orgUnitPath) {
    const members = await db.execute<{ id: string }>(
      sql`select su.id from users su join org_units so on so.id = su.org_unit_id where so.path like ${`${info.actor.orgUnitPath}%`} limit ${MAX_UNIT_IDS + 1}`,
    );
    // Very large units keep the path subquery (an id list that long costs more than it saves).
    if (members.rows.length <= MAX_UNIT_IDS) info.actor.unitUserIds = members.rows.map((row) => row.id);
  }
  if (sessionCache.size > 50_000) sessionCache.clear();
  sessionCache.set(id, { at: now.getTime(), info });
  return info;
}

// Deleted first, announced after: a process that drops its cached entry on the announcement and
// reloads it must find the row gone, or it would cache the ended session for another CACHE_MS.
export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
  await announce(db, 'session', sessionId);
}

/** Ends the session a cookie token belongs to, whoever's it is (a new sign-in in the same browser). */
export async function deleteSessionOfToken(db: Executor, token: string): Promise<void> {
  await deleteSession(db, hashToken(token));
}

/** Ends every session of a user (password reset, disable). */
export async function deleteUserSessions(db: Executor, userId: string, exceptSessionId?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(exceptSessionId ? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${exceptSessionId}`) : eq(sessions.userId, userId));
  await announce(db, 'sessions', userId);
}

/** Scheduled: removes expired and idle sessions. */
export async function purgeExpiredSessions(db: Database, now: Date): Promise<number> {
  const settings = await getSettings(db);
  const idleCutoff = new Date(now.getTime() - settings.sessionIdleMinutes * 60_000);
  const result = await db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleCutoff)));
  return result.rowCount ?? 0;
}
