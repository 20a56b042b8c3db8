import type { InteractionType, Tier, CustomerSettings } from '@xiaoguan/shared';
import { addDays, calendarDay, daysBetween, startOfCalendarDay } from '../../platform/time.js';

/**
 * R-CUS-1 contact cadence (003 二.(二).2). Each tier has a number of days and the interaction
 * types that count (default A: on-site visit within 14 days; B: a call within 30; C: any contact
 * within 90). Days are calendar days in the company's time zone: a qualifying contact on day D
 * keeps the customer current through day D + days; from the next day on it is overdue. A customer
 * never contacted counts from the day it was assigned to its owner (or created).
 */
export type CadenceRules = CustomerSettings['cadence'];

export const DEFAULT_CADENCE: CadenceRules = {
  A: { days: 14, types: ['visit', 'meeting'] },
  B: { days: 30, types: ['visit', 'meeting', 'call'] },
  C: { days: 90, types: ['visit', 'meeting', 'call', 'sms', 'email', 'wechat'] },
};

export function qualifies(rules: CadenceRules, tier: Tier, type: InteractionType): boolean {
  return rules[tier].types.includes(type);
}

export interface CadenceInput {
  tier: Tier;
  lastQualifyingContactAt: Date | null;
  /** Assigned to the current owner (or created): the anchor when never contacted. */
  anchorAt: Date;
}

/** The instant the customer becomes overdue: the start of day (contact day + days + 1), company time. */
export function cadenceDueAt(rules: CadenceRules, input: CadenceInput, timeZone: string): Date {
  const from = input.lastQualifyingContactAt ?? input.anchorAt;
  const lastOkDay = addDays(calendarDay(from, timeZone), rules[input.tier].days);
  return startOfCalendarDay(addDays(lastOkDay, 1), timeZone);
}

export function cadenceStatus(rules: CadenceRules, input: CadenceInput, now: Date, timeZone: string) {
  const dueAt = cadenceDueAt(rules, input, timeZone);
  const overdue = now.getTime() >= dueAt.getTime();
  const overdueDays = overdue ? daysBetween(calendarDay(dueAt, timeZone), calendarDay(now, timeZone)) + 1 : 0;
  return { days: rules[input.tier].days, dueAt, overdue, overdueDays };
}
