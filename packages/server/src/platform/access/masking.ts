import type { Actor } from './actor.js';

/**
 * R-SEC-1: contact details are masked for anyone outside the owner's reporting line.
 * `ownerLinePath` is the owner's `/top/…/owner/` chain; the owner and everyone above see them.
 */
export function isInReportingLine(actor: Actor, ownerLinePath: string | null | undefined): boolean {
  if (!ownerLinePath) return false;
  return ownerLinePath.includes(`/${actor.id}/`);
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
