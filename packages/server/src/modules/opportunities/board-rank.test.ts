import { describe, expect, it } from 'vitest';
import { RANK_GAP, rankAtBottom, rankAtTop, rankBetween } from './board-rank.js';

describe('kanban card order', () => {
  it('a card dropped between two others takes the midpoint; with no room the column must be renumbered', () => {
    expect(rankBetween(0, RANK_GAP)).toBe(RANK_GAP / 2);
    expect(rankBetween(10, 13)).toBe(11);
    expect(rankBetween(10, 11)).toBeNull();
    expect(rankBetween(10, 10)).toBeNull();
  });
  it('the top and the bottom are one gap beyond the first and last card; an empty column starts at 0', () => {
    expect(rankBetween(null, 0)).toBe(-RANK_GAP);
    expect(rankAtTop(null)).toBe(0);
    expect(rankAtTop(5)).toBe(5 - RANK_GAP);
    expect(rankAtBottom(5)).toBe(5 + RANK_GAP);
  });
  it('ranks stay inside a 32-bit integer (else: renumber)', () => {
    expect(rankAtTop(-(2 ** 31) + 10)).toBeNull();
    expect(rankAtBottom(2 ** 31 - 10)).toBeNull();
  });
});
