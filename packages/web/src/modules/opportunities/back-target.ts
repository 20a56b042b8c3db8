/** Where an opportunity was opened from, passed as router state (issue 16: "back" returns there). */
export interface OpenedFrom {
  from?: string;
}

export type BackLabel = 'board' | 'list' | 'customer';

/**
 * Where the opportunity page's "back" goes, and what it says: the page the user came from when
 * that was the board, the list (with its filters) or a customer; the board otherwise.
 */
export function backTarget(state: unknown): { to: string; label: BackLabel } {
  const from = typeof state === 'object' && state !== null ? (state as OpenedFrom).from : undefined;
  if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//')) {
    const path = from.split('?')[0]!;
    if (path === '/opportunities/list') return { to: from, label: 'list' };
    if (path === '/opportunities') return { to: from, label: 'board' };
    if (/^\/customers\/[^/]+$/.test(path)) return { to: from, label: 'customer' };
  }
  return { to: '/opportunities', label: 'board' };
}
