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

  constructor(users: OwnerCandidate[]) {
    for (const user of users) {
      this.byUsername.set(user.username.toLowerCase(), user);
      if (user.disabled) continue;
      const list = this.byDisplayName.get(key(user.displayName)) ?? [];
      list.push(user);
      this.byDisplayName.set(key(user.displayName), list);
    }
  }

  byUsernameOf(username: string): OwnerCandidate | undefined {
    return this.byUsername.get(username.toLowerCase());
  }

  /** The owner a cell names (username or display name), or why none. */
  find(text: string): OwnerLookup {
    const trimmed = text.trim();
    const user = this.byUsername.get(trimmed.toLowerCase());
    const candidates = user && !user.disabled ? [user] : (this.byDisplayName.get(key(trimmed)) ?? []);
    if (!candidates.length) return { reason: 'unknown', text: trimmed };
    if (candidates.length > 1) return { reason: 'ambiguous', text: trimmed, usernames: candidates.map((c) => c.username).sort() };
    const owner = candidates[0]!;
    return owner.allowed ? { owner } : { reason: 'outside', text: trimmed };
  }
}

/** The row error's reason for an owner that could not be used. */
export function ownerReason(lookup: Exclude<OwnerLookup, { owner: OwnerCandidate }>): string {
  switch (lookup.reason) {
    case 'unknown':
      return `no active user with the username or name "${lookup.text}"`;
    case 'ambiguous':
      return `"${lookup.text}" is the name of ${lookup.usernames.length} users (${lookup.usernames.join(', ')}): write the username instead`;
    case 'outside':
      return `"${lookup.text}" is outside your team: you may import customers only for yourself or people in your scope`;
  }
}
