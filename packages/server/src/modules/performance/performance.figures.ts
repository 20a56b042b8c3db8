import { and, eq, inArray } from 'drizzle-orm';
import { type KpiFigure, type KpiItem } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/access/actor.js';
import { startOfCalendarDay } from '../../platform/time.js';
import { getSettings } from '../../platform/settings/settings.js';
import { signedContractsByOwner } from '../contracts/index.js';
import { collectedByOwner, receivablesSummaryByOwner } from '../receivables/index.js';
import { newCustomersByOwner } from '../customers/index.js';
import { targetPlans, targetValues } from '../targets/index.js';
import { complaintRateByOwner, satisfactionScoreByOwner } from '../service/index.js';
import { skillsPercentByUser } from '../training/index.js';
import { invitationSuccessByCaller } from '../events/index.js';

/**
 * The quantitative side of a review (R-KPI-1 inputs), read only through the other modules' metrics
 * (their index.ts): bookings (contracts), collections, DSO and bad-debt rate (receivables), new
 * customers (customers), the collections target (targets), complaint rate and satisfaction (service),
 * invitation success (events: invitations made → guests attended).
 * Figures are company facts, not what the reader may see: they are read with the director's scope and
 * frozen on the review; the drill-down links open the same lists under the reader's own access.
 */
export interface Period {
  from: string;
  to: string;
}

export interface PersonFigures {
  figures: KpiFigure[];
  /** Customers' survey answers on the person's customers in the period: 0–100 from the 1–5 CSAT average. */
  customer: { score: number; answers: number } | null;
}

const DAY_MS = 86_400_000;
const round1 = (value: number) => Math.round(value * 10) / 10;

export function monthsIn(period: Period): number {
  const [fy, fm] = period.from.split('-').map(Number) as [number, number];
  const [ty, tm] = period.to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** The collections target of each person for the period's months, in cents, from the current plan (null: none set). */
async function collectionTargets(ctx: Ctx, personIds: string[], period: Period): Promise<Map<string, number>> {
  const year = Number(period.from.slice(0, 4));
  if (Number(period.to.slice(0, 4)) !== year || personIds.length === 0) return new Map();
  const first = Number(period.from.slice(5, 7)) - 1;
  const last = Number(period.to.slice(5, 7)) - 1;
  const rows = await ctx.db
    .select({ nodeId: targetValues.nodeId, months: targetValues.months })
    .from(targetValues)
    .innerJoin(targetPlans, eq(targetPlans.id, targetValues.planId))
    .where(
      and(
        eq(targetPlans.year, year),
        eq(targetPlans.metric, 'collections'),
        eq(targetPlans.isCurrent, true),
        eq(targetValues.nodeKind, 'user'),
        inArray(targetValues.nodeId, personIds),
      ),
    );
  const result = new Map<string, number>();
  for (const row of rows) {
    const sum = row.months.slice(first, last + 1).reduce((a, b) => a + b, 0);
    if (sum > 0) result.set(row.nodeId, sum);
  }
  return result;
}

/** Every person's figures for the template's KPIs in the period. */
export async function computeFigures(
  ctx: Ctx,
  items: readonly KpiItem[],
  personIds: string[],
  period: Period,
): Promise<Map<string, PersonFigures>> {
  const facts: Ctx = { ...ctx, actor: { ...SYSTEM_ACTOR, roles: ['director'] } };
  const { timeZone } = await getSettings(ctx.db);
  const sources = new Set(items.map((item) => item.source));
  const months = monthsIn(period);
  const instantFrom = startOfCalendarDay(Date.parse(`${period.from}T00:00:00Z`), timeZone);
  const instantTo = startOfCalendarDay(Date.parse(`${period.to}T00:00:00Z`) + DAY_MS, timeZone);

  const collected =
    sources.has('collections') || sources.has('attainment')
      ? new Map((await collectedByOwner(facts, period)).map((row) => [row.ownerId, row.amountCents]))
      : new Map<string, number>();
  const booked = sources.has('bookings')
    ? new Map((await signedContractsByOwner(facts, period)).map((row) => [row.ownerId, row.amountCents]))
    : new Map<string, number>();
  const created = sources.has('new_customers')
    ? new Map(
        (await newCustomersByOwner(facts, { createdFrom: instantFrom.toISOString(), createdBefore: instantTo.toISOString() })).map(
          (row) => [row.ownerId, row.count],
        ),
      )
    : new Map<string, number>();
  const targets = sources.has('attainment') ? await collectionTargets(facts, personIds, period) : new Map<string, number>();
  const skills = sources.has('training_skills')
    ? await skillsPercentByUser(ctx.db, personIds, instantFrom, instantTo)
    : new Map<string, number>();
  const invitations = sources.has('invitation_success')
    ? new Map(
        (await invitationSuccessByCaller(ctx.db, { from: instantFrom, to: instantTo, callerIds: personIds })).map((row) => [
          row.callerId,
          row,
        ]),
      )
    : new Map<string, Awaited<ReturnType<typeof invitationSuccessByCaller>>[number]>();

  // Every source answers for all the people at once (one statement grouped by owner), never person by person.
  const byOwner = { from: instantFrom, to: instantTo, ownerIds: personIds };
  const receivablesOf =
    sources.has('dso') || sources.has('bad_debt_rate') ? await receivablesSummaryByOwner(facts, { ...period, ownerIds: personIds }) : null;
  const complaintsOf = sources.has('complaint_rate') ? await complaintRateByOwner(ctx.db, byOwner) : null;
  const surveys = await satisfactionScoreByOwner(ctx.db, byOwner);

  const result = new Map<string, PersonFigures>();
  for (const personId of personIds) {
    const receivables = receivablesOf?.get(personId) ?? null;
    const complaints = complaintsOf?.get(personId) ?? null;
    const survey = surveys.get(personId)!;
    const owner = `ownerId=${personId}`;
    const figures = items
      .filter((item) => item.source !== 'rated')
      .map((item): KpiFigure => {
        const goalOf = (perMonth: number | null, scale: number) => (perMonth === null ? null : perMonth * months * scale);
        const percentOf = (actual: number | null, goal: number | null) =>
          actual === null || goal === null || goal <= 0 ? null : round1((actual * 100) / goal);
        switch (item.source) {
          case 'collections':
          case 'attainment': {
            const actual = (collected.get(personId) ?? 0) / 100;
            const target = item.source === 'attainment' ? targets.get(personId) : undefined;
            const goal = target !== undefined ? target / 100 : goalOf(item.goal, 1);
            return {
              key: item.key,
              actual,
              goal,
              value: percentOf(actual, goal),
              count: null,
              link: `/receivables/receipts?from=${period.from}&to=${period.to}&${owner}`,
            };
          }
          case 'bookings': {
            const actual = (booked.get(personId) ?? 0) / 100;
            const goal = goalOf(item.goal, 1);
            return {
              key: item.key,
              actual,
              goal,
              value: percentOf(actual, goal),
              count: null,
              link: `/contracts?signedFrom=${period.from}&signedTo=${period.to}&${owner}`,
            };
          }
          case 'new_customers': {
            const actual = created.get(personId) ?? 0;
            const goal = goalOf(item.goal, 1);
            const query = new URLSearchParams({
              createdFrom: instantFrom.toISOString(),
              createdBefore: instantTo.toISOString(),
              ownerId: personId,
            });
            return { key: item.key, actual, goal, value: percentOf(actual, goal), count: actual, link: `/customers?${query.toString()}` };
          }
          case 'dso':
            return {
              key: item.key,
              actual: receivables?.dsoDays ?? null,
              goal: null,
              value: receivables?.dsoDays ?? null,
              count: null,
              link: `/receivables?from=${period.from}&to=${period.to}&${owner}`,
            };
          case 'bad_debt_rate': {
            const rate =
              receivables?.badDebtRate === null || receivables?.badDebtRate === undefined ? null : round1(receivables.badDebtRate * 100);
            return {
              key: item.key,
              actual: rate,
              goal: null,
              value: rate,
              count: null,
              link: `/receivables?from=${period.from}&to=${period.to}&${owner}`,
            };
          }
          case 'complaint_rate':
            return {
              key: item.key,
              actual: complaints?.rate ?? null,
              goal: null,
              value: complaints?.rate ?? null,
              count: complaints?.complaints ?? null,
              link: `/service/complaints?${owner}`,
            };
          case 'satisfaction':
            return { key: item.key, actual: survey.csat, goal: null, value: survey.csat, count: survey.csatCount, link: null };
          case 'training_skills': {
            const percent = skills.get(personId) ?? null;
            return { key: item.key, actual: percent, goal: null, value: percent, count: null, link: `/training/people/${personId}` };
          }
          case 'invitation_success': {
            const success = invitations.get(personId);
            return {
              key: item.key,
              actual: success?.rate ?? null,
              goal: null,
              value: success?.rate ?? null,
              count: success?.invited ?? 0,
              link: '/events?when=all',
            };
          }
          default:
            return { key: item.key, actual: null, goal: null, value: null, count: null, link: null };
        }
      });
    const customer =
      survey.csatAverage === null ? null : { score: round1(((survey.csatAverage - 1) / 4) * 100), answers: survey.csatCount };
    result.set(personId, { figures, customer });
  }
  return result;
}
