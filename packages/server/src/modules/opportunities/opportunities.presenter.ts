import type { Opportunity, OpportunitySource } from '@xiaoguan/shared';
import { iso } from '../../platform/db/client.js';
import { calendarDay, daysBetween } from '../../platform/time.js';
import type { opportunities } from './opportunities.schema.js';

export type OpportunityRecord = typeof opportunities.$inferSelect;

export interface OpportunityMeta {
  customerName: string;
  ownerName: string;
  teamName: string | null;
  canUpdate: boolean;
}

/** amount × probability in cents, rounded half up (integers only: money is exact). */
export function weightedCents(amountCents: number, probability: number): number {
  return Math.floor((amountCents * probability + 50) / 100);
}

/** Row → DTO with the caller's abilities (computed in the same SQL as the row). */
export function presentOpportunity(row: OpportunityRecord, meta: OpportunityMeta, now: Date, timeZone: string): Opportunity {
  return {
    id: row.id,
    name: row.name,
    customerId: row.customerId,
    customerName: meta.customerName,
    ownerId: row.ownerId,
    ownerName: meta.ownerName,
    teamId: row.teamId,
    teamName: meta.teamName,
    stage: row.stage,
    rank: row.rank,
    amountCents: row.amountCents,
    probability: row.probability,
    weightedCents: weightedCents(row.amountCents, row.probability),
    expectedCloseOn: row.expectedCloseOn,
    competitors: row.competitors,
    nextStep: row.nextStep,
    source: row.source as OpportunitySource | null,
    lostReason: row.lostReason,
    lostNote: row.lostNote,
    stageChangedAt: iso(row.stageChangedAt)!,
    daysInStage: Math.max(0, daysBetween(calendarDay(new Date(row.stageChangedAt), timeZone), calendarDay(now, timeZone))),
    closedAt: iso(row.closedAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    version: row.version,
    abilities: { update: meta.canUpdate, move: meta.canUpdate },
  };
}
