import type { Customer } from '@xiaoguan/shared';
import { iso } from '../../platform/db/client.js';
import { isInReportingLine, maskEmail, maskPhone, type Actor } from '../../platform/access/index.js';
import type { customers } from './customers.schema.js';
import type { CadenceRules } from './contact-cadence.js';
import { calendarDay, daysBetween } from '../../platform/time.js';

export type CustomerRecord = typeof customers.$inferSelect;
export interface CustomerMeta {
  ownerName: string | null;
  ownerLinePath: string | null;
  teamName: string | null;
  canUpdate: boolean;
  canReveal: boolean;
  canAssign: boolean;
  canClaim: boolean;
}

function age(birthday: string | null, now: Date): number | null {
  if (!birthday) return null;
  const [y, m, d] = birthday.split('-').map(Number);
  let years = now.getUTCFullYear() - y!;
  if (now.getUTCMonth() + 1 < m! || (now.getUTCMonth() + 1 === m! && now.getUTCDate() < d!)) years--;
  return years;
}

/**
 * Row → DTO. Contact details are masked unless the caller is on the owner's reporting line
 * (R-SEC-1); pool customers have no owner, so everyone sees them masked until a logged reveal.
 */
export function presentCustomer(actor: Actor, row: CustomerRecord, meta: CustomerMeta, now: Date, rules: CadenceRules, timeZone: string, revealed = false, rfmComputedAt: string | null = null): Customer {
  const visible = revealed || isInReportingLine(actor, meta.ownerLinePath);
  const inPool = row.ownerId === null;
  const due = row.cadenceDueAt;
  const overdue = !inPool && due !== null && now.getTime() >= new Date(due).getTime();
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    tier: row.tier,
    status: row.status,
    statusChangedAt: iso(row.statusChangedAt)!,
    source: row.source as Customer['source'],
    tags: row.tags,
    phone: visible ? row.phone : maskPhone(row.phone),
    email: visible ? row.email : maskEmail(row.email),
    wechat: visible ? row.wechat : row.wechat ? '***' : null,
    contactsMasked: !visible && Boolean(row.phone || row.email || row.wechat),
    address: row.address,
    needs: row.needs,
    painPoints: row.painPoints,
    industry: row.industry,
    size: row.size,
    annualPurchaseCents: row.annualPurchaseCents,
    taxId: row.taxId,
    decisionChain: row.decisionChain,
    gender: row.gender,
    birthday: row.birthday,
    age: age(row.birthday, now),
    occupation: row.occupation,
    interests: row.interests,
    ownerId: row.ownerId,
    ownerName: meta.ownerName,
    teamId: row.teamId,
    teamName: meta.teamName,
    inPool,
    lastContactAt: iso(row.lastContactAt),
    cadence: {
      days: rules[row.tier].days,
      dueAt: iso(due),
      overdue,
      overdueDays: overdue ? daysBetween(calendarDay(new Date(due!), timeZone), calendarDay(now, timeZone)) + 1 : 0,
      lastQualifyingContactAt: iso(row.lastQualifyingContactAt),
    },
    rfm: {
      recencyDays: row.rfmLastOrderAt ? Math.floor((now.getTime() - new Date(row.rfmLastOrderAt).getTime()) / 86_400_000) : null,
      frequency: row.rfmFrequency,
      monetaryCents: row.rfmMonetaryCents,
      r: row.rfmR,
      f: row.rfmF,
      m: row.rfmM,
      segment: row.segment,
      computedAt: rfmComputedAt,
    },
    loyaltyLevel: row.loyaltyLevel,
    pointsBalance: row.pointsBalance,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    version: row.version,
    abilities: {
      update: meta.canUpdate && !inPool,
      reveal: meta.canReveal && !visible && Boolean(row.phone || row.email || row.wechat),
      logInteraction: meta.canUpdate && !inPool,
      release: meta.canUpdate && !inPool,
      assign: meta.canAssign,
      merge: meta.canAssign && !inPool,
      claim: inPool && meta.canClaim,
    },
  };
}
