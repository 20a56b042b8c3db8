import type { PartnerTier } from '@xiaoguan/shared';

/**
 * R-CHN-2 rebates (002 渠道管理与激励机制): a programme per partner tier gives volume thresholds for a
 * period (a calendar quarter). The partner's attributed order volume in the period picks the rate —
 * the highest threshold it reaches, `fromCents` inclusive — and the rate applies to what was
 * collected in the period on those deals, so only business paid for earns a rebate. Below the first
 * threshold there is no rebate. Cents are rounded down (the company never pays a fraction).
 */
export interface RebateThreshold {
  fromCents: number;
  rateBp: number;
}
export interface RebateResult {
  thresholdCents: number | null;
  rateBp: number;
  rebateCents: number;
}

export function computeRebate(ordersCents: number, collectionsCents: number, thresholds: readonly RebateThreshold[]): RebateResult {
  const reached = [...thresholds].sort((a, b) => a.fromCents - b.fromCents).filter((t) => ordersCents >= t.fromCents);
  const step = reached[reached.length - 1];
  if (!step || collectionsCents <= 0) return { thresholdCents: step?.fromCents ?? null, rateBp: step?.rateBp ?? 0, rebateCents: 0 };
  // BigInt: ¥10^11 of collections at 50 % is past 2^53 cents in the product.
  const rebate = (BigInt(collectionsCents) * BigInt(step.rateBp)) / 10_000n;
  return { thresholdCents: step.fromCents, rateBp: step.rateBp, rebateCents: Number(rebate) };
}

/** Tier by contribution (the last four quarters' attributed orders): gold and silver from these amounts up. */
export const TIER_RULES = { goldFromCents: 200_000_000, silverFromCents: 50_000_000 } as const;

export function tierFor(contributionCents: number, rules: { goldFromCents: number; silverFromCents: number } = TIER_RULES): PartnerTier {
  if (contributionCents >= rules.goldFromCents) return 'gold';
  if (contributionCents >= rules.silverFromCents) return 'silver';
  return 'bronze';
}

/** A calendar quarter `YYYY-Qn` as [from, to) days. */
export function quarterRange(period: string): { from: string; to: string } {
  const year = Number(period.slice(0, 4));
  const quarter = Number(period.slice(6));
  const month = (quarter - 1) * 3 + 1;
  const from = `${year}-${String(month).padStart(2, '0')}-01`;
  const to = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(month + 3).padStart(2, '0')}-01`;
  return { from, to };
}
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}
export function previousQuarter(period: string): string {
  const year = Number(period.slice(0, 4));
  const quarter = Number(period.slice(6));
  return quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
}
