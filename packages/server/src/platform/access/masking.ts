import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Actor } from './actor.js';

/**
 * R-SEC-1: contact details are masked for anyone outside the owner's reporting line. The rule is
 * stated once, here, in both forms: `visible` decides for the presenter on one record, `where` is
 * the same decision as SQL — what a search, filter, sort or export may match a maskable field
 * (phone, e-mail, WeChat) on, so that nobody finds a record by a value they are shown masked.
 */
export interface ContactVisibility {
  /** `ownerLinePath` is the owner's `/top/…/owner/` chain; the owner and everyone above see the details. No owner (the pool): masked. */
  visible(ownerLinePath: string | null | undefined): boolean;
  /** The same for the row whose owner (a users.id, NULL in the pool) is `ownerId`. */
  where(ownerId: SQLWrapper): SQL;
}

export function contactVisibility(actor: Actor): ContactVisibility {
  const marker = `/${actor.id}/`;
  return {
    visible: (ownerLinePath) => Boolean(ownerLinePath) && ownerLinePath!.includes(marker),
    where: (ownerId) =>
      sql`exists (select 1 from users line_owner where line_owner.id = ${ownerId} and strpos(line_owner.line_path, ${marker}) > 0)`,
  };
}

export function isInReportingLine(actor: Actor, ownerLinePath: string | null | undefined): boolean {
  return contactVisibility(actor).visible(ownerLinePath);
}

/**
 * `match`, a condition on a maskable field of the row owned by `ownerId`, holds only where the
 * actor sees that field unmasked: the search oracle (137****5581, then one digit at a time) closed.
 */
export function matchUnmasked(actor: Actor, ownerId: SQLWrapper, match: SQL): SQL {
  return sql`(${match} and ${contactVisibility(actor).where(ownerId)})`;
}

/**
 * A field permission (issue 16, e.g. floor prices): the value for an actor who holds it, null for
 * anyone else, so the number never leaves the server; a field masked this way is never offered for
 * search, filter or sort.
 */
export function unlessPermitted<T>(permitted: boolean, value: T): T | null {
  return permitted ? value : null;
}

/** `13812345678` → `138****5678`; short numbers keep only their last two digits. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  const digits = phone.replace(/\s+/g, '');
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(digits.length - 2, 1))}${digits.slice(-2)}`;
}

/** `zhang.san@example.com` → `z***@example.com`. */
export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return email ?? null;
  const at = email.indexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

export function maskContact<T extends { phone?: string | null; email?: string | null }>(record: T, visible: boolean): T {
  if (visible) return record;
  return { ...record, phone: maskPhone(record.phone), email: maskEmail(record.email) };
}
