import crypto from 'node:crypto';
import type { AuthorityReason, QuoteAuthority } from '@xiaoguan/shared';
import { selectPolicy, type PolicyRow } from '../../platform/approvals/approvals.engine.js';

/**
 * R-QUO-1 discount authority (003 三.2). The discount a rep grants is their own: line discounts
 * plus the discount on the total, measured against the priced subtotal (ladder and promotion prices
 * are the company's, not the rep's). Whether it needs approval, and whose, is read from the approval
 * matrix itself (approval_policies, subject `quote.discount`: by amount and percent), so the banner
 * in the quote builder and the approval engine can never disagree. Selling any line below its floor
 * price always needs the director: subject `quote.floor`.
 */

export const DISCOUNT_SUBJECT = 'quote.discount' as const;
export const FLOOR_SUBJECT = 'quote.floor' as const;

export interface AuthorityLine {
  lineNo: number;
  productCode: string;
  quantity: number;
  /** Unit price after ladder and promotions (R-PRC-1), before the rep's discount. */
  unitPriceCents: number;
  floorUnitCents: number;
  /** The rep's discount on the whole line. */
  lineDiscountCents: number;
}

export interface AuthorityPolicy extends PolicyRow {
  name: string;
}

export interface QuoteTotals {
  /** Σ quantity × list unit price. */
  listTotalCents: number;
  /** Σ quantity × priced unit price: what the quote would be without the rep's discounts. */
  pricedSubtotalCents: number;
  /** Σ line totals after line discounts. */
  subtotalCents: number;
  totalDiscountCents: number;
  totalCents: number;
  /** The rep's discount: line discounts + total discount. */
  discountCents: number;
  /** The same in basis points of the priced subtotal, rounded half up. */
  discountBp: number;
}

const bigDiv = (numerator: bigint, denominator: bigint) => (denominator === 0n ? 0n : (numerator * 2n + denominator) / (denominator * 2n));

/** Totals of a quote from its priced lines and the rep's discounts (integer cents throughout). */
export function quoteTotals(lines: (AuthorityLine & { listUnitCents: number })[], totalDiscountCents: number): QuoteTotals {
  let listTotalCents = 0;
  let pricedSubtotalCents = 0;
  let lineDiscounts = 0;
  for (const line of lines) {
    listTotalCents += line.listUnitCents * line.quantity;
    pricedSubtotalCents += line.unitPriceCents * line.quantity;
    lineDiscounts += line.lineDiscountCents;
  }
  const subtotalCents = pricedSubtotalCents - lineDiscounts;
  const discountCents = lineDiscounts + totalDiscountCents;
  const discountBp = Number(bigDiv(BigInt(discountCents) * 10_000n, BigInt(pricedSubtotalCents)));
  return {
    listTotalCents,
    pricedSubtotalCents,
    subtotalCents,
    totalDiscountCents,
    totalCents: subtotalCents - totalDiscountCents,
    discountCents,
    discountBp,
  };
}

/**
 * Lines sold below their floor: the line's price after its own discount and its pro-rata share of
 * the total discount, per unit, under the floor unit price. (Spreading the total discount closes the
 * trick of moving a line discount onto the total.) Exact: compared as integers, never as fractions.
 */
export function linesBelowFloor(
  lines: AuthorityLine[],
  totalDiscountCents: number,
): { lineNo: number; productCode: string; netUnitCents: number; floorUnitCents: number }[] {
  const subtotal = BigInt(lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity - l.lineDiscountCents, 0));
  const remaining = subtotal - BigInt(totalDiscountCents);
  const below: { lineNo: number; productCode: string; netUnitCents: number; floorUnitCents: number }[] = [];
  for (const line of lines) {
    const net = BigInt(line.unitPriceCents * line.quantity - line.lineDiscountCents);
    const quantity = BigInt(line.quantity);
    // net × remaining / subtotal < floor × quantity  ⇔  net × remaining < floor × quantity × subtotal
    const isBelow =
      subtotal === 0n ? BigInt(line.floorUnitCents) > 0n : net * remaining < BigInt(line.floorUnitCents) * quantity * subtotal;
    if (isBelow) {
      const netUnitCents = subtotal === 0n ? 0 : Number(bigDiv(net * remaining, subtotal * quantity));
      below.push({ lineNo: line.lineNo, productCode: line.productCode, netUnitCents, floorUnitCents: line.floorUnitCents });
    }
  }
  return below;
}

function discountReasons(policy: AuthorityPolicy, totals: QuoteTotals): AuthorityReason[] {
  const reasons: AuthorityReason[] = [];
  if (policy.minAmountCents > 0)
    reasons.push({ code: 'discount_amount', discountCents: totals.discountCents, thresholdCents: policy.minAmountCents });
  if (policy.minPercent !== null)
    reasons.push({ code: 'discount_percent', discountPercent: totals.discountBp / 100, thresholdPercent: Number(policy.minPercent) });
  if (!reasons.length) reasons.push({ code: 'discount_policy', discountCents: totals.discountCents, policyName: policy.name });
  return reasons;
}

/**
 * R-QUO-1: does this quote need approval, under which subject, from whom, and why. Pure: the
 * caller passes the active matrix rows of both subjects. No discount → no discount approval
 * (a matrix row from 0 applies only to an actual discount).
 */
export function discountAuthority(input: {
  lines: AuthorityLine[];
  totalDiscountCents: number;
  policies: { discount: AuthorityPolicy[]; floor: AuthorityPolicy[] };
}): QuoteAuthority {
  const totals = quoteTotals(
    input.lines.map((line) => ({ ...line, listUnitCents: 0 })),
    input.totalDiscountCents,
  );
  const percent = totals.discountBp / 100;
  const discountPolicy =
    totals.discountCents > 0 ? (selectPolicy(input.policies.discount, totals.discountCents, percent) as AuthorityPolicy | null) : null;
  const below = linesBelowFloor(input.lines, input.totalDiscountCents);
  const base = { discountCents: totals.discountCents, discountBp: totals.discountBp };

  if (below.length) {
    // R-QUO-1: below the floor always needs the director, whatever the amount.
    const floorPolicy = selectPolicy(input.policies.floor, totals.discountCents, percent) as AuthorityPolicy | null;
    const reasons: AuthorityReason[] = [{ code: 'below_floor', lines: below }];
    if (discountPolicy) reasons.push(...discountReasons(discountPolicy, totals));
    if (!floorPolicy) reasons.push({ code: 'no_policy', subjectType: FLOOR_SUBJECT });
    return {
      needsApproval: true,
      subjectType: FLOOR_SUBJECT,
      reasons,
      steps: floorPolicy?.steps ?? [],
      policyName: floorPolicy?.name ?? null,
      ...base,
    };
  }
  if (discountPolicy) {
    return {
      needsApproval: true,
      subjectType: DISCOUNT_SUBJECT,
      reasons: discountReasons(discountPolicy, totals),
      steps: discountPolicy.steps,
      policyName: discountPolicy.name,
      ...base,
    };
  }
  return { needsApproval: false, subjectType: null, reasons: [], steps: [], policyName: null, ...base };
}

/**
 * What an approval covers: customer, price list, each line's product, quantity, priced unit and
 * floor, the rep's discounts. Any change to these makes a new fingerprint, so the approval no
 * longer applies (the save-small-then-raise trick); the same content gives the same fingerprint.
 */
export function quoteFingerprint(input: {
  customerId: string;
  priceListId: string | null;
  totalDiscountCents: number;
  lines: { productId: string; quantity: number; unitPriceCents: number; floorUnitCents: number; lineDiscountCents: number }[];
}): string {
  const canonical = JSON.stringify([
    input.customerId,
    input.priceListId,
    input.totalDiscountCents,
    input.lines.map((l) => [l.productId, l.quantity, l.unitPriceCents, l.floorUnitCents, l.lineDiscountCents]),
  ]);
  return crypto.createHash('sha256').update(canonical).digest('hex');
}
