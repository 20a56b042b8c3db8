import type { Customer, CustomerListItem, Tier } from '@xiaoguan/shared';
import { iso } from '../../platform/db/client.js';
import { isInReportingLine, maskEmail, maskPhone, type Actor } from '../../platform/access/index.js';
import type { customers } from './customers.schema.js';
import type { CadenceRules } from './contact-cadence.js';
import { calendarDay, daysBetween } from '../../platform/time.js';

/** A customer's R-CUS-2 values (customer_rfm, rfm.ts) as its record carries them: zero and null when it has no row. */
export type CustomerRfmFields = {
  rfmLastOrderAt: Date | null;
  rfmFrequency: number;
  rfmMonetaryCents: number;
  rfmR: number | null;
  rfmF: number | null;
  rfmM: number | null;
  segment: Customer['rfm']['segment'];
  loyaltyLevel: string | null;
};
export type CustomerRecord = typeof customers.$inferSelect & CustomerRfmFields;
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

/** What the caller may see and do on one customer: the part the full and the list DTO share. */
interface AccessView {
  visible: boolean;
  inPool: boolean;
  phone: string | null;
  contactsMasked: boolean;
  abilities: Customer['abilities'];
}

/**
 * R-SEC-1: contact details are masked unless the caller is on the owner's reporting line; pool
 * customers have no owner, so everyone sees them masked until a logged reveal.
 */
function accessView(
  actor: Actor,
  row: { ownerId: string | null; phone: string | null; hasOtherContacts: boolean },
  meta: CustomerMeta,
  revealed: boolean,
): AccessView {
  const visible = revealed || isInReportingLine(actor, meta.ownerLinePath);
  const inPool = row.ownerId === null;
  const hasContacts = Boolean(row.phone) || row.hasOtherContacts;
  return {
    visible,
    inPool,
    phone: visible ? row.phone : maskPhone(row.phone),
    contactsMasked: !visible && hasContacts,
    abilities: {
      update: meta.canUpdate && !inPool,
      reveal: meta.canReveal && !visible && hasContacts,
      logInteraction: meta.canUpdate && !inPool,
      release: meta.canUpdate && !inPool,
      assign: meta.canAssign,
      merge: meta.canAssign && !inPool,
      claim: inPool && meta.canClaim,
    },
  };
}

/** R-CUS-1 as the DTO shows it: the cadence, when it falls due, and how many company-zone days overdue. */
function cadenceView(tier: Tier, dueAt: string | null, inPool: boolean, now: Date, rules: CadenceRules, timeZone: string) {
  const dueMs = dueAt === null ? NaN : Date.parse(dueAt);
  const overdue = !inPool && dueAt !== null && now.getTime() >= dueMs;
  return {
    days: rules[tier].days,
    dueAt,
    overdue,
    overdueDays: overdue ? daysBetween(calendarDay(new Date(dueMs), timeZone), calendarDay(now, timeZone)) + 1 : 0,
  };
}

/** Row → DTO, for the detail page and whatever shows one whole customer. */
export function presentCustomer(
  actor: Actor,
  row: CustomerRecord,
  meta: CustomerMeta,
  now: Date,
  rules: CadenceRules,
  timeZone: string,
  revealed = false,
  rfmComputedAt: string | null = null,
): Customer {
  const view = accessView(
    actor,
    { ownerId: row.ownerId, phone: row.phone, hasOtherContacts: Boolean(row.email || row.wechat) },
    meta,
    revealed,
  );
  const { visible, inPool } = view;
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    tier: row.tier,
    status: row.status,
    statusChangedAt: iso(row.statusChangedAt)!,
    source: row.source as Customer['source'],
    tags: row.tags,
    phone: view.phone,
    email: visible ? row.email : maskEmail(row.email),
    wechat: visible ? row.wechat : row.wechat ? '***' : null,
    contactsMasked: view.contactsMasked,
    address: row.address,
    needs: row.needs,
    painPoints: row.painPoints,
    notes: row.notes,
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
      ...cadenceView(row.tier, iso(row.cadenceDueAt), inPool, now, rules, timeZone),
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
    abilities: view.abilities,
  };
}

/** A customer row as the lists select it (customers.service.ts listFields). */
export type CustomerListRow = {
  id: string;
  kind: Customer['kind'];
  name: string;
  tier: Tier;
  status: Customer['status'];
  source: string;
  tags: string[];
  phone: string | null;
  hasOtherContacts: boolean;
  industry: string | null;
  occupation: string | null;
  ownerId: string | null;
  teamId: string | null;
  version: number;
  segment: Customer['rfm']['segment'];
  /** null: the customer has no customer_rfm row (no orders). */
  monetaryCents: number | null;
  lastContactAt: Date | null;
  dueAt: Date | null;
  createdAt: Date;
};

/** Row → list DTO: the same masking, abilities and cadence as presentCustomer, fewer fields. */
export function presentCustomerListItem(
  actor: Actor,
  row: CustomerListRow,
  meta: CustomerMeta,
  now: Date,
  rules: CadenceRules,
  timeZone: string,
): CustomerListItem {
  const view = accessView(actor, row, meta, false);
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    tier: row.tier,
    status: row.status,
    source: row.source as Customer['source'],
    tags: row.tags,
    phone: view.phone,
    industry: row.industry,
    occupation: row.occupation,
    ownerId: row.ownerId,
    ownerName: meta.ownerName,
    teamName: meta.teamName,
    inPool: view.inPool,
    lastContactAt: iso(row.lastContactAt),
    cadence: cadenceView(row.tier, iso(row.dueAt), view.inPool, now, rules, timeZone),
    rfm: { segment: row.segment, monetaryCents: row.monetaryCents ?? 0 },
    createdAt: iso(row.createdAt)!,
    version: row.version,
    abilities: {
      update: view.abilities.update!,
      logInteraction: view.abilities.logInteraction!,
      claim: view.abilities.claim!,
      // Issue 16: the owner is edited in place where the caller may reassign.
      assign: view.abilities.assign!,
    },
  };
}
