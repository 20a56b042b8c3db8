import { GATE_REQUIREMENTS, PIPELINE_PATH, type GateRequirement, type OpportunityStage } from '@xiaoguan/shared';

export type StageGates = Record<OpportunityStage, readonly GateRequirement[]>;

/** Defaults: a solution needs an amount and a close date, negotiation a quote, a win an amount. */
export const DEFAULT_GATES: StageGates = {
  lead: [],
  discovery: [],
  solution: ['amount', 'expectedCloseOn'],
  negotiation: ['quote'],
  won: ['amount'],
  lost: [],
};

/** What the gate looks at, as the opportunity will be after the change. */
export interface GateFacts {
  amountCents: number;
  expectedCloseOn: string | null;
  productCount: number;
  nextStep: string | null;
  /** Quotes of the opportunity in any status but rejected, declined or expired. */
  liveQuoteCount: number;
}

export interface GateResult {
  allowed: boolean;
  /** The stages whose gates this move had to pass. */
  stages: OpportunityStage[];
  /** The unmet requirements, in the fixed order of GATE_REQUIREMENTS. */
  missing: GateRequirement[];
}

/**
 * The stages whose gates a move must pass. Forward along lead → … → won: every stage entered or
 * passed (skipping a stage does not skip its gate). Backwards: none. Into lost: lost's own gate.
 * A new opportunity, or a lost one reopened, passes every stage up to the target.
 */
export function gatedStages(from: OpportunityStage | null, to: OpportunityStage): OpportunityStage[] {
  if (from === to) return [];
  if (to === 'lost') return ['lost'];
  const target = PIPELINE_PATH.indexOf(to);
  const start = from === null || from === 'lost' ? -1 : PIPELINE_PATH.indexOf(from);
  if (target <= start) return [];
  return PIPELINE_PATH.slice(start + 1, target + 1);
}

const MET: Record<GateRequirement, (facts: GateFacts) => boolean> = {
  amount: (facts) => facts.amountCents > 0,
  expectedCloseOn: (facts) => Boolean(facts.expectedCloseOn),
  products: (facts) => facts.productCount >= 1,
  nextStep: (facts) => Boolean(facts.nextStep?.trim()),
  quote: (facts) => facts.liveQuoteCount >= 1,
};

/** OPP-GATE: may an opportunity with these facts move from `from` to `to` under these gates? */
export function checkStageGate(gates: StageGates, from: OpportunityStage | null, to: OpportunityStage, facts: GateFacts): GateResult {
  const stages = gatedStages(from, to);
  const required = new Set(stages.flatMap((stage) => gates[stage]));
  const missing = GATE_REQUIREMENTS.filter((requirement) => required.has(requirement) && !MET[requirement](facts));
  return { allowed: missing.length === 0, stages, missing };
}
