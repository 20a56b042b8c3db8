/**
 * Next / previous record (shortcuts `j` / `k` on a record page): the lists the user saw last,
 * remembered by the shared DataTable as the ids of their rows in order. On a record page, the list
 * that holds the record's id gives its neighbours; the neighbour opens at the same route.
 */
const remembered: string[][] = [];
const KEEP = 5;

export function rememberListIds(ids: readonly string[]): void {
  if (ids.length < 2) return;
  const key = ids.join(',');
  const existing = remembered.findIndex((list) => list.join(',') === key);
  if (existing >= 0) remembered.splice(existing, 1);
  remembered.unshift([...ids]);
  if (remembered.length > KEEP) remembered.length = KEEP;
}

/** The id after (`+1`) or before (`-1`) `id` in the most recent list holding it, if any. */
export function neighbourOf(id: string, step: 1 | -1): string | null {
  for (const list of remembered) {
    const at = list.indexOf(id);
    if (at >= 0) return list[at + step] ?? null;
  }
  return null;
}
