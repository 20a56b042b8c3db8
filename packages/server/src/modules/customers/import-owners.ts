import { reasonOf } from './import-parsing.js';
/**
 * Who an import row's owner column names (issue 22 item 3): real exports hold display names
 * (姚笑愚), our own export the 负责人姓名 column, older files usernames. A username wins; otherwise a
 * display name that exactly one active user has. Disabled users never match; a display name two
 * active users share is refused with both usernames, never guessed.
 */

export interface OwnerCandidate {
  id: string;
  username: string;
  displayName: string;
  /** 工号 (migration 0026), or null. */
  employeeNo: string | null;
  orgUnitId: string | null;
  disabled: boolean;
  /** R-SEC-1: within the importer's customers.import scope (the importer themself included). */
  allowed: boolean;
}

export type OwnerLookup =
  | { owner: OwnerCandidate }
  | { reason: 'unknown'; text: string }
  | { reason: 'ambiguous'; text: string; usernames: string[] }
  | { reason: 'outside'; text: string };

const key = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export class OwnerDirectory {
  private readonly byUsername = new Map<string, OwnerCandidate>();
  private readonly byDisplayName = new Map<string, OwnerCandidate[]>();
  private readonly byEmployeeNo = new Map<string, OwnerCandidate>();

  constructor(users: OwnerCandidate[]) {
    for (const user of users) {
      this.byUsername.set(user.username.toLowerCase(), user);
      if (user.disabled) continue;
      if (user.employeeNo) this.byEmployeeNo.set(user.employeeNo.toLowerCase(), user);
      const list = this.byDisplayName.get(key(user.displayName)) ?? [];
      list.push(user);
      this.byDisplayName.set(key(user.displayName), list);
    }
  }

  byUsernameOf(username: string): OwnerCandidate | undefined {
    return this.byUsername.get(username.toLowerCase());
  }

  /** The owner a cell names (username, employee number or display name, in that order), or why none. */
  find(text: string): OwnerLookup {
    const trimmed = text.normalize('NFKC').trim();
    const user = this.byUsername.get(trimmed.toLowerCase());
    const employee = this.byEmployeeNo.get(trimmed.toLowerCase());
    const candidates = user && !user.disabled ? [user] : employee ? [employee] : (this.byDisplayName.get(key(trimmed)) ?? []);
    if (!candidates.length) return { reason: 'unknown', text: trimmed };
    if (candidates.length > 1) return { reason: 'ambiguous', text: trimmed, usernames: candidates.map((c) => c.username).sort() };
    const owner = candidates[0]!;
    return owner.allowed ? { owner } : { reason: 'outside', text: trimmed };
  }
}

/** The row error's reason for an owner that could not be used (English and as a message, issue 22 item 8). */
export function ownerReason(lookup: Exclude<OwnerLookup, { owner: OwnerCandidate }>): ReturnType<typeof reasonOf> {
  switch (lookup.reason) {
    case 'unknown':
      return reasonOf('ownerUnknown', { text: lookup.text });
    case 'ambiguous':
      return reasonOf('ownerAmbiguous', { text: lookup.text, count: lookup.usernames.length, usernames: lookup.usernames.join(', ') });
    case 'outside':
      return reasonOf('ownerOutside', { text: lookup.text });
  }
}
