import { describe, expect, it } from 'vitest';
import { checkStageGate, DEFAULT_GATES, gatedStages, type GateFacts } from './stage-gates.js';

const bare: GateFacts = { amountCents: 0, expectedCloseOn: null, productCount: 0, nextStep: null, liveQuoteCount: 0 };
const complete: GateFacts = {
  amountCents: 1_000_00,
  expectedCloseOn: '2026-12-31',
  productCount: 1,
  nextStep: '约客户做方案演示',
  liveQuoteCount: 1,
};

describe('OPP-GATE stage gates', () => {
  it('OPP-GATE a forward move must meet the requirements of the stage it enters', () => {
    expect(checkStageGate(DEFAULT_GATES, 'discovery', 'solution', bare)).toEqual({
      allowed: false,
      stages: ['solution'],
      missing: ['amount', 'expectedCloseOn'],
    });
    expect(checkStageGate(DEFAULT_GATES, 'discovery', 'solution', { ...bare, amountCents: 1, expectedCloseOn: '2026-12-01' }).allowed).toBe(
      true,
    );
    expect(checkStageGate(DEFAULT_GATES, 'solution', 'negotiation', { ...complete, liveQuoteCount: 0 }).missing).toEqual(['quote']);
    expect(checkStageGate(DEFAULT_GATES, 'negotiation', 'won', { ...complete, amountCents: 0 }).missing).toEqual(['amount']);
  });

  it('OPP-GATE skipping a stage does not skip its gate', () => {
    const result = checkStageGate(DEFAULT_GATES, 'lead', 'won', { ...bare, amountCents: 5 });
    expect(result.stages).toEqual(['discovery', 'solution', 'negotiation', 'won']);
    expect(result.missing).toEqual(['expectedCloseOn', 'quote']);
  });

  it('OPP-GATE moving backwards needs nothing', () => {
    expect(checkStageGate(DEFAULT_GATES, 'negotiation', 'discovery', bare)).toEqual({ allowed: true, stages: [], missing: [] });
    expect(checkStageGate(DEFAULT_GATES, 'won', 'negotiation', bare).allowed).toBe(true);
    expect(checkStageGate(DEFAULT_GATES, 'solution', 'solution', bare).allowed).toBe(true);
  });

  it('OPP-GATE losing checks only the lost stage’s own gate', () => {
    expect(gatedStages('negotiation', 'lost')).toEqual(['lost']);
    expect(checkStageGate(DEFAULT_GATES, 'lead', 'lost', bare).allowed).toBe(true);
    expect(checkStageGate({ ...DEFAULT_GATES, lost: ['nextStep'] }, 'won', 'lost', bare).missing).toEqual(['nextStep']);
  });

  it('OPP-GATE a new or reopened opportunity passes every gate up to its stage', () => {
    expect(gatedStages(null, 'lead')).toEqual(['lead']);
    expect(gatedStages(null, 'negotiation')).toEqual(['lead', 'discovery', 'solution', 'negotiation']);
    expect(gatedStages('lost', 'solution')).toEqual(['lead', 'discovery', 'solution']);
    expect(checkStageGate(DEFAULT_GATES, 'lost', 'solution', bare).missing).toEqual(['amount', 'expectedCloseOn']);
  });

  it('OPP-GATE every requirement of the fixed set, in a fixed order, each checked on its fact', () => {
    const all = { ...DEFAULT_GATES, discovery: ['quote', 'nextStep', 'products', 'expectedCloseOn', 'amount'] as const };
    expect(checkStageGate(all, 'lead', 'discovery', bare).missing).toEqual(['amount', 'expectedCloseOn', 'products', 'nextStep', 'quote']);
    expect(checkStageGate(all, 'lead', 'discovery', complete).allowed).toBe(true);
    // A blank next step is no next step.
    expect(checkStageGate(all, 'lead', 'discovery', { ...complete, nextStep: '   ' }).missing).toEqual(['nextStep']);
  });
});
