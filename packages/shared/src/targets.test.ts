import { describe, expect, it } from 'vitest';
import { decompositionMismatches, levelValue, spreadByWeights, spreadEvenly } from './targets.js';

const year = (annual: number) => spreadEvenly(annual);

describe('R-TGT-1 decomposition adds up', () => {
  const tree = [
    { id: 'company', parentId: null },
    { id: 'east', parentId: 'company' },
    { id: 'south', parentId: 'company' },
    { id: 'teamA', parentId: 'east' },
    { id: 'teamB', parentId: 'south' },
    { id: 'rep1', parentId: 'teamA' },
    { id: 'rep2', parentId: 'teamB' },
  ];
  const consistent = {
    company: year(1200_00),
    east: year(600_00),
    south: year(600_00),
    teamA: year(600_00),
    teamB: year(600_00),
    rep1: year(600_00),
    rep2: year(600_00),
  };

  it('children that add up exactly give no mismatch', () => {
    expect(decompositionMismatches(tree, consistent)).toEqual([]);
  });

  it('a cent off in one month shows on the parent, in that month and the year', () => {
    const rep1 = [...consistent.rep1];
    rep1[3] = rep1[3]! - 1;
    const mismatches = decompositionMismatches(tree, { ...consistent, rep1 });
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]!.nodeId).toBe('teamA');
    expect(mismatches[0]!.months[3]).toBe(1);
    expect(mismatches[0]!.months.filter((m) => m !== 0)).toHaveLength(1);
    expect(mismatches[0]!.yearDifference).toBe(1);
  });

  it('a cent over is a negative difference', () => {
    const rep2 = [...consistent.rep2];
    rep2[11] = rep2[11]! + 1;
    expect(decompositionMismatches(tree, { ...consistent, rep2 })).toEqual([
      { nodeId: 'teamB', months: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1], yearDifference: -1 },
    ]);
  });

  it('an empty child counts as zero, and an empty team (no children) is not checked itself', () => {
    const withEmpty = [...tree, { id: 'teamC', parentId: 'east' }];
    expect(decompositionMismatches(withEmpty, consistent)).toEqual([]);
    const { rep1: _omit, ...noRep1 } = consistent;
    const mismatches = decompositionMismatches(tree, noRep1);
    expect(mismatches.map((m) => m.nodeId)).toEqual(['teamA']);
    expect(mismatches[0]!.yearDifference).toBe(600_00);
  });

  it('a re-parented team is summed under its new region: both regions show the difference', () => {
    // East keeps a second (empty) team, so it is still a parent after teamA moves to the south.
    const moved = [...tree, { id: 'teamA2', parentId: 'east' }].map((node) =>
      node.id === 'teamA' ? { ...node, parentId: 'south' } : node,
    );
    const mismatches = decompositionMismatches(moved, consistent);
    expect(mismatches.map((m) => [m.nodeId, m.yearDifference])).toEqual([
      ['east', 600_00],
      ['south', -600_00],
    ]);
  });

  it('a parent that was never entered shows minus its children', () => {
    const { company: _omit, ...noCompany } = consistent;
    expect(decompositionMismatches(tree, noCompany).map((m) => [m.nodeId, m.yearDifference])).toEqual([['company', -1200_00]]);
  });
});

describe('spreading a figure over months', () => {
  it('evenly, whole cents, adding up exactly', () => {
    const months = spreadEvenly(1000_01);
    expect(months.reduce((a, b) => a + b, 0)).toBe(1000_01);
    expect(Math.max(...months) - Math.min(...months)).toBeLessThanOrEqual(1);
  });
  it('by last year’s seasonality, and evenly when last year is empty', () => {
    const weights = [0, 0, 1, 1, 2, 0, 0, 0, 0, 0, 0, 0];
    expect(spreadByWeights(400, weights)).toEqual([0, 0, 100, 100, 200, 0, 0, 0, 0, 0, 0, 0]);
    expect(spreadByWeights(10, weights).reduce((a, b) => a + b, 0)).toBe(10);
    expect(spreadByWeights(12, new Array(12).fill(0))).toEqual(new Array(12).fill(1));
  });
  it('stretch and challenge levels raise the target by the plan’s percentages', () => {
    expect(levelValue(1000, 'target', { stretchPct: 110, challengePct: 125 })).toBe(1000);
    expect(levelValue(1000, 'stretch', { stretchPct: 110, challengePct: 125 })).toBe(1100);
    expect(levelValue(1000, 'challenge', { stretchPct: 110, challengePct: 125 })).toBe(1250);
  });
});
