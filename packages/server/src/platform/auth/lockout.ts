import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';

export interface SignInAttempt {
  /** This attempt's place in the count (1 … max). */
  attempt: number;
  /** This attempt was the last one allowed: the account is locked from now on unless its password is right. */
  locks: boolean;
}

/**
 * Takes one sign-in attempt for a user before the password is checked, or null when the account is
 * locked. One UPDATE counts and decides, so parallel guesses — in one process or several — queue on
 * the user's row and at most `maxFailures` passwords are ever checked before the lock: the attempt
 * that reaches the maximum sets `locked_until` at once (a right password then clears it, as every
 * successful sign-in clears the count). When a lock has passed, counting starts again.
 */
export async function takeSignInAttempt(
  db: Executor,
  userId: string,
  now: Date,
  settings: { loginMaxFailures: number; loginLockMinutes: number },
): Promise<SignInAttempt | null> {
  const lockUntil = new Date(now.getTime() + settings.loginLockMinutes * 60_000);
  const result = await db.execute<{ attempt: number; locks: boolean }>(sql`
    update users
       set failed_logins = case when failed_logins + 1 >= ${settings.loginMaxFailures} then 0 else failed_logins + 1 end,
           locked_until = case when failed_logins + 1 >= ${settings.loginMaxFailures} then ${lockUntil}::timestamptz end
     where id = ${userId} and (locked_until is null or locked_until <= ${now}::timestamptz)
 returning case when locked_until is null then failed_logins else ${settings.loginMaxFailures} end as attempt,
           locked_until is not null as locks`);
  const row = result.rows[0];
  return row ? { attempt: Number(row.attempt), locks: row.locks } : null;
}

/** When a locked account opens again (null if it is not locked at `now`). */
export async function lockedUntil(db: Executor, userId: string, now: Date): Promise<Date | null> {
  const result = await db.execute<{ until: string | Date | null }>(
    sql`select locked_until as until from users where id = ${userId} and locked_until > ${now}::timestamptz`,
  );
  const until = result.rows[0]?.until;
  return until ? new Date(until) : null;
}
