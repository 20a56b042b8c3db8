/**
 * Card order inside a kanban column: `rank` ascending, then the most recently updated first.
 * Ranks are spaced RANK_GAP apart so a card dropped between two others usually takes the midpoint;
 * when there is no room left the column is renumbered (rare: about log2(RANK_GAP) drops in one spot).
 */
export const RANK_GAP = 1024;
const MIN_RANK = -(2 ** 31) + RANK_GAP;
const MAX_RANK = 2 ** 31 - 1 - RANK_GAP;

const inRange = (rank: number) => (rank >= MIN_RANK && rank <= MAX_RANK ? rank : null);

/** The rank for a card placed just above `next`, below `previous` (null: nothing above). Null when there is no room. */
export function rankBetween(previous: number | null, next: number): number | null {
  if (previous === null) return inRange(next - RANK_GAP);
  if (next - previous < 2) return null;
  return previous + Math.floor((next - previous) / 2);
}

/** The rank for a card placed at the top (above `first`) or the bottom (below `last`) of a column. */
export const rankAtTop = (first: number | null) => inRange(first === null ? 0 : first - RANK_GAP);
export const rankAtBottom = (last: number | null) => inRange(last === null ? 0 : last + RANK_GAP);
