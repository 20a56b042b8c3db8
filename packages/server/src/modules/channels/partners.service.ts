import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  message,
  type ChannelOptions,
  type PartnerDetail,
  type PartnerRow,
  type PartnerTraining,
  type TrainingSessionOption,
  type partnerContactInputSchema,
  type partnerTrainingInputSchema,
  type partnerInputSchema,
  type partnerListQuerySchema,
  type partnerUpdateSchema,
  type qualificationSubmitSchema,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { submitApproval } from '../../platform/approvals/approvals.engine.js';
import { notify } from '../../platform/notifications/notifications.js';
import { getSettings } from '../../platform/settings/settings.js';
import { checkUpload, readStoredFile, storeFile } from '../../platform/files/store.js';
import { channelsAccess } from './channels.access.js';
import { partnerFigures } from './channel-figures.js';
import { previousQuarter, quarterOf, quarterRange, tierFor, TIER_RULES } from './rebates.js';
import { listRegistrations } from './registrations.service.js';
import { satisfactionByCustomerGroup } from '../service/index.js';
import { trainingSessionLinks } from '../training/index.js';
import { orders } from '../orders/index.js';
import { opportunities } from '../opportunities/index.js';
import { startOfCalendarDay } from '../../platform/time.js';

export const QUALIFICATION_SUBJECT = 'channel.qualification';

const dayIn = (instant: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(instant);

type PartnerRowDb = {
  id: string;
  name: string;
  kind: PartnerRow['kind'];
  status: PartnerRow['status'];
  tier: PartnerRow['tier'];
  region_ids: string[];
  region_names: string[];
  exclusive: boolean;
  product_lines: string[];
  qualification_status: PartnerRow['qualificationStatus'];
  renewal_on: string | null;
  contract_start: string | null;
  contract_end: string | null;
  contract_terms: string;
  profile: string;
  checklist: { item: string; done: boolean }[];
  active_registrations: number;
  version: number;
};

const PARTNER_SELECT = sql`
  select p.id, p.name, p.kind, p.status, p.tier, p.region_ids,
         coalesce((select array_agg(u.name order by u.name) from org_units u where u.id = any(p.region_ids)), '{}') as region_names,
         p.exclusive, p.product_lines, p.qualification_status, p.renewal_on::text as renewal_on, p.contract_start::text as contract_start,
         p.contract_end::text as contract_end, p.contract_terms, p.profile, p.checklist, p.version,
         (select count(*)::int from deal_registrations d where d.partner_id = p.id and d.status = 'approved') as active_registrations
    from channel_partners p`;

function presentRow(row: PartnerRowDb, quarterOrdersCents: number): PartnerRow {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    status: row.status,
    tier: row.tier,
    regionIds: row.region_ids,
    regionNames: row.region_names,
    exclusive: row.exclusive,
    productLines: row.product_lines,
    qualificationStatus: row.qualification_status,
    renewalOn: row.renewal_on,
    contractEnd: row.contract_end,
    activeRegistrations: row.active_registrations,
    quarterOrdersCents,
    version: row.version,
  };
}

export async function listPartners(ctx: Ctx, query: z.infer<typeof partnerListQuerySchema>): Promise<PartnerRow[]> {
  channelsAccess.require(ctx.actor, 'read');
  const filters = [sql`true`];
  if (query.tier) filters.push(sql`p.tier = ${query.tier}`);
  if (query.q) filters.push(sql`p.name ilike ${`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  const rows = await ctx.db.execute<PartnerRowDb>(
    sql`${PARTNER_SELECT} where ${sql.join(filters, sql` and `)} order by array_position(array['gold','silver','bronze'], p.tier), p.name`,
  );
  const { timeZone } = await getSettings(ctx.db);
  const figures = await partnerFigures(ctx.db, quarterRange(quarterOf(dayIn(ctx.now, timeZone))), timeZone);
  return rows.rows.map((row) => presentRow(row, figures.get(row.id)?.ordersCents ?? 0));
}

async function loadPartner(executor: Executor, id: string, lock = false): Promise<PartnerRowDb> {
  const rows = await executor.execute<PartnerRowDb>(sql`${PARTNER_SELECT} where p.id = ${id}${lock ? sql` for update of p` : sql``}`);
  if (!rows.rows[0]) throw notFound('partner');
  return rows.rows[0];
}

/** The partner's record: profile, contacts, documents, tier history, registrations, attributed deals, this quarter's contribution. */
export async function getPartner(ctx: Ctx, id: string): Promise<PartnerDetail> {
  channelsAccess.require(ctx.actor, 'read');
  const row = await loadPartner(ctx.db, id);
  const { timeZone } = await getSettings(ctx.db);
  const period = quarterOf(dayIn(ctx.now, timeZone));
  const [contacts, trainings, documents, history, deals, registrations, contribution] = await Promise.all([
    ctx.db.execute<{ id: string; name: string; title: string; phone: string; email: string }>(
      sql`select id, name, title, phone, email from partner_contacts where partner_id = ${id} order by created_at`,
    ),
    partnerTrainings(ctx.db, id),
    ctx.db.execute<{ id: string; file_name: string; size_bytes: number; created_at: Date }>(
      sql`select id, file_name, size_bytes, created_at from partner_documents where partner_id = ${id} order by created_at`,
    ),
    ctx.db.execute<{ from_tier: PartnerRow['tier'] | null; to_tier: PartnerRow['tier']; reason: string; changed_at: Date }>(
      sql`select from_tier, to_tier, reason, changed_at from partner_tier_history where partner_id = ${id} order by changed_at desc`,
    ),
    ctx.db.execute<{
      id: string;
      kind: 'order' | 'opportunity';
      record_id: string;
      label: string;
      customer_name: string;
      amount_cents: number;
      at: Date;
    }>(sql`
      select pd.id, 'order' as kind, o.id as record_id, o.number as label, c.name as customer_name, o.amount_cents, o.ordered_at as at
        from partner_deals pd join orders o on o.id = pd.order_id join customers c on c.id = o.customer_id where pd.partner_id = ${id}
      union all
      select pd.id, 'opportunity', op.id, op.name, c.name, op.amount_cents, op.created_at
        from partner_deals pd join opportunities op on op.id = pd.opportunity_id join customers c on c.id = op.customer_id where pd.partner_id = ${id}
      order by at desc limit 100`),
    listRegistrations(ctx, { partnerId: id }),
    contributionReport(ctx, period, [id]),
  ]);
  const manage = channelsAccess.can(ctx.actor, 'manage');
  return {
    ...presentRow(row, contribution[0]?.ordersCents ?? 0),
    contractTerms: row.contract_terms,
    contractStart: row.contract_start,
    profile: row.profile,
    checklist: row.checklist,
    contacts: contacts.rows,
    trainings,
    documents: documents.rows.map((d) => ({ id: d.id, fileName: d.file_name, sizeBytes: d.size_bytes, createdAt: iso(d.created_at)! })),
    tierHistory: history.rows.map((h) => ({ fromTier: h.from_tier, toTier: h.to_tier, reason: h.reason, changedAt: iso(h.changed_at)! })),
    registrations,
    deals: deals.rows.map((d) => ({
      id: d.id,
      kind: d.kind,
      recordId: d.record_id,
      label: d.label,
      customerName: d.customer_name,
      amountCents: Number(d.amount_cents),
      at: iso(d.at)!,
    })),
    contribution: contribution[0]!,
    abilities: { update: manage, qualify: manage && row.qualification_status !== 'pending' },
  };
}

async function checkRegions(executor: Executor, regionIds: string[]): Promise<void> {
  if (regionIds.length === 0) return;
  const found = await executor.execute<{ n: number }>(
    sql`select count(*)::int as n from org_units where kind = 'region' and id = any(${sql.param(regionIds)}::uuid[])`,
  );
  if (found.rows[0]!.n !== new Set(regionIds).size) throw badRequest('body.regionIds', 'not a region of the company');
}

export async function createPartner(ctx: Ctx, input: z.infer<typeof partnerInputSchema>): Promise<PartnerDetail> {
  channelsAccess.require(ctx.actor, 'manage');
  const id = await ctx.db.transaction(async (tx) => {
    await checkRegions(tx, input.regionIds);
    const taken = await tx.execute(sql`select 1 from channel_partners where name = ${input.name}`);
    if (taken.rows.length) throw badRequest('body.name', 'a partner of this name exists');
    const inserted = await tx.execute<{ id: string }>(sql`
      insert into channel_partners (name, kind, status, tier, region_ids, exclusive, product_lines, contract_terms, contract_start, contract_end, profile, created_by_id)
      values (${input.name}, ${input.kind}, ${input.status}, ${input.tier}, ${sql.param(input.regionIds)}::uuid[], ${input.exclusive},
              ${sql.param(input.productLines)}::text[], ${input.contractTerms}, ${input.contractStart}, ${input.contractEnd}, ${input.profile}, ${ctx.actor.id})
      returning id`);
    const id = inserted.rows[0]!.id;
    await tx.execute(
      sql`insert into partner_tier_history (partner_id, from_tier, to_tier, reason, changed_by_id) values (${id}, null, ${input.tier}, 'onboarding', ${ctx.actor.id})`,
    );
    await ctx.audit(tx, { action: 'create', entity: 'channel_partners', entityId: id, summary: input.name });
    return id;
  });
  return getPartner(ctx, id);
}

export async function updatePartner(ctx: Ctx, id: string, input: z.infer<typeof partnerUpdateSchema>): Promise<PartnerDetail> {
  channelsAccess.require(ctx.actor, 'manage');
  await ctx.db.transaction(async (tx) => {
    const before = await loadPartner(tx, id, true);
    if (before.version !== input.version) throw conflict();
    if (input.regionIds) await checkRegions(tx, input.regionIds);
    if (input.name && input.name !== before.name) {
      const taken = await tx.execute(sql`select 1 from channel_partners where name = ${input.name} and id <> ${id}`);
      if (taken.rows.length) throw badRequest('body.name', 'a partner of this name exists');
    }
    const keep = <T>(value: T | undefined, column: string) => (value === undefined ? sql.raw(column) : sql`${value}`);
    await tx.execute(sql`
      update channel_partners set
        name = ${keep(input.name, 'name')}, kind = ${keep(input.kind, 'kind')}, status = ${keep(input.status, 'status')},
        region_ids = ${input.regionIds ? sql`${sql.param(input.regionIds)}::uuid[]` : sql.raw('region_ids')},
        exclusive = ${keep(input.exclusive, 'exclusive')},
        product_lines = ${input.productLines ? sql`${sql.param(input.productLines)}::text[]` : sql.raw('product_lines')},
        contract_terms = ${keep(input.contractTerms, 'contract_terms')},
        contract_start = ${input.contractStart === undefined ? sql.raw('contract_start') : sql`${input.contractStart}::date`},
        contract_end = ${input.contractEnd === undefined ? sql.raw('contract_end') : sql`${input.contractEnd}::date`},
        profile = ${keep(input.profile, 'profile')},
        updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
      where id = ${id}`);
    await ctx.audit(tx, { action: 'update', entity: 'channel_partners', entityId: id, summary: input.name ?? before.name });
  });
  return getPartner(ctx, id);
}

export async function addContact(ctx: Ctx, id: string, input: z.infer<typeof partnerContactInputSchema>): Promise<PartnerDetail> {
  channelsAccess.require(ctx.actor, 'manage');
  await ctx.db.transaction(async (tx) => {
    await loadPartner(tx, id);
    await tx.execute(
      sql`insert into partner_contacts (partner_id, name, title, phone, email) values (${id}, ${input.name}, ${input.title}, ${input.phone}, ${input.email})`,
    );
    await ctx.audit(tx, {
      action: 'update',
      entity: 'channel_partners',
      entityId: id,
      summary: `contact ${input.name}`,
      summaryMessage: message('audit.messages.partnerContactAdded', { name: input.name }),
    });
  });
  return getPartner(ctx, id);
}

type TrainingRow = {
  id: string;
  contact_id: string | null;
  trainee_name: string;
  session_id: string | null;
  course: string;
  trained_on: string;
  passed: boolean;
  certificate: string;
  certificate_until: string | null;
};

async function partnerTrainings(executor: Executor, partnerId: string): Promise<PartnerTraining[]> {
  const rows = await executor.execute<TrainingRow>(sql`
    select id, contact_id, trainee_name, session_id, course, trained_on::text as trained_on, passed, certificate,
           certificate_until::text as certificate_until
      from partner_trainings where partner_id = ${partnerId} order by trained_on desc, created_at desc`);
  return rows.rows.map((row) => ({
    id: row.id,
    contactId: row.contact_id,
    traineeName: row.trainee_name,
    sessionId: row.session_id,
    course: row.course,
    trainedOn: row.trained_on,
    passed: row.passed,
    certificate: row.certificate,
    certificateUntil: row.certificate_until,
  }));
}

/**
 * A partner's staff member trained (issue 21 item 3, 渠道管理: partner training): one of its contacts
 * (or a named person), on one of our training sessions — found through the training module's index,
 * its title the course unless one is given — or an outside course; with the certificate and its
 * validity. 400 naming the field for a contact of another partner, an unknown session, no course or
 * trainee, or a certificate valid until before the training.
 */
export async function addTraining(ctx: Ctx, id: string, input: z.infer<typeof partnerTrainingInputSchema>): Promise<PartnerDetail> {
  channelsAccess.require(ctx.actor, 'manage');
  const { timeZone } = await getSettings(ctx.db);
  await ctx.db.transaction(async (tx) => {
    await loadPartner(tx, id);
    let traineeName = input.traineeName;
    if (input.contactId) {
      const contact = (
        await tx.execute<{ name: string }>(sql`select name from partner_contacts where id = ${input.contactId} and partner_id = ${id}`)
      ).rows[0];
      if (!contact) throw badRequest('body.contactId', 'not a contact of this partner');
      traineeName ||= contact.name;
    }
    if (!traineeName) throw badRequest('body.traineeName', 'name the contact or the person trained');
    let course = input.course;
    if (input.sessionId) {
      const [session] = await trainingSessionLinks(tx, { ids: [input.sessionId] }, timeZone);
      if (!session) throw badRequest('body.sessionId', 'no such training session');
      course ||= session.title;
    }
    if (!course) throw badRequest('body.course', 'name the course or pick a training session');
    if (input.certificateUntil && input.certificateUntil < input.trainedOn)
      throw badRequest('body.certificateUntil', 'the certificate cannot expire before the training');
    const inserted = await tx.execute<{ id: string }>(sql`
      insert into partner_trainings (partner_id, contact_id, trainee_name, session_id, course, trained_on, passed, certificate, certificate_until, recorded_by_id)
      values (${id}, ${input.contactId}, ${traineeName}, ${input.sessionId}, ${course}, ${input.trainedOn}::date, ${input.passed},
              ${input.certificate}, ${input.certificateUntil}::date, ${ctx.actor.id})
      returning id`);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'channel_partners',
      entityId: id,
      summary: `training ${traineeName}: ${course}`,
      summaryMessage: message('audit.messages.partnerTrainingAdded', { name: traineeName, course }),
      changes: { training: [null, inserted.rows[0]!.id] },
    });
  });
  return getPartner(ctx, id);
}

/** Training sessions by title for the partner training form (the channel manager's picker). */
export async function trainingSessionOptions(ctx: Ctx, q: string): Promise<TrainingSessionOption[]> {
  channelsAccess.require(ctx.actor, 'manage');
  const { timeZone } = await getSettings(ctx.db);
  return trainingSessionLinks(ctx.db, { q }, timeZone);
}

/** A qualification document (licence, authorisation letter) into the shared file store. */
export async function addDocument(
  ctx: Ctx,
  dataDir: string,
  id: string,
  file: { fileName: string; mimeType: string; content: Buffer },
): Promise<PartnerDetail> {
  channelsAccess.require(ctx.actor, 'manage');
  checkUpload(file.content);
  await loadPartner(ctx.db, id);
  const storageKey = await storeFile(dataDir, file.content);
  await ctx.db.transaction(async (tx) => {
    await loadPartner(tx, id);
    await tx.execute(sql`
      insert into partner_documents (partner_id, file_name, mime_type, size_bytes, storage_key, uploaded_by_id)
      values (${id}, ${file.fileName.slice(0, 200)}, ${file.mimeType.slice(0, 100)}, ${file.content.length}, ${storageKey}, ${ctx.actor.id})`);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'channel_partners',
      entityId: id,
      summary: `document ${file.fileName.slice(0, 200)}`,
      summaryMessage: message('audit.messages.partnerDocumentAdded', { name: file.fileName.slice(0, 200) }),
    });
  });
  return getPartner(ctx, id);
}

export async function readDocument(
  ctx: Ctx,
  dataDir: string,
  documentId: string,
): Promise<{ fileName: string; mimeType: string; content: Buffer }> {
  channelsAccess.require(ctx.actor, 'read');
  const row = (
    await ctx.db.execute<{ file_name: string; mime_type: string; storage_key: string }>(
      sql`select file_name, mime_type, storage_key from partner_documents where id = ${documentId}`,
    )
  ).rows[0];
  if (!row) throw notFound('document');
  return { fileName: row.file_name, mimeType: row.mime_type, content: await readStoredFile(dataDir, row.storage_key) };
}

/**
 * The qualification review: the checklist as reviewed, the next renewal date, and approval through
 * the engine (subject `channel.qualification`). Every checklist item must be done before it is sent.
 */
export async function submitQualification(ctx: Ctx, id: string, input: z.infer<typeof qualificationSubmitSchema>): Promise<PartnerDetail> {
  channelsAccess.require(ctx.actor, 'manage');
  await ctx.db.transaction(async (tx) => {
    const row = await loadPartner(tx, id, true);
    if (row.version !== input.version) throw conflict();
    if (row.qualification_status === 'pending') throw new AppError('conflict', 'the qualification is already waiting for approval');
    const open = input.checklist.findIndex((item) => !item.done);
    if (open >= 0) throw badRequest(`body.checklist.${open}.done`, 'every checklist item must be checked before the review is sent');
    const submitted = await submitApproval(tx, ctx, {
      subjectType: QUALIFICATION_SUBJECT,
      subjectId: id,
      title: `渠道资质审核：${row.name}`,
      titleMessage: message('channels.messages.qualificationApproval', { partner: row.name }),
      details: { renewalOn: input.renewalOn, items: input.checklist.length },
    });
    const status = submitted.status === 'approved' ? 'approved' : 'pending';
    await tx.execute(sql`
      update channel_partners set checklist = ${JSON.stringify(input.checklist)}::jsonb, renewal_on = ${input.renewalOn}::date,
             qualification_status = ${status}, approval_request_id = ${submitted.requestId},
             updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
       where id = ${id}`);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'channel_partners',
      entityId: id,
      changes: { qualificationStatus: [row.qualification_status, status] },
      summaryMessage: message('audit.messages.partnerQualificationSubmitted', { partner: row.name }),
    });
  });
  return getPartner(ctx, id);
}

export async function onQualificationDecided(
  tx: Tx,
  ctx: Ctx,
  request: { subjectId: string; status: 'approved' | 'rejected' },
): Promise<void> {
  const updated = await tx.execute<{ id: string; name: string; created_by_id: string | null }>(sql`
    update channel_partners set qualification_status = ${request.status}, updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
     where id = ${request.subjectId} and qualification_status = 'pending'
    returning id, name, created_by_id`);
  const row = updated.rows[0];
  if (!row) return;
  await ctx.audit(tx, {
    action: request.status === 'approved' ? 'approve' : 'reject',
    entity: 'channel_partners',
    entityId: row.id,
    changes: { qualificationStatus: ['pending', request.status] },
  });
  if (row.created_by_id)
    await notify(tx, [
      {
        userId: row.created_by_id,
        kind: `channel.qualification.${request.status}`,
        title: `${row.name} 资质审核${request.status === 'approved' ? '已通过' : '被驳回'}`,
        titleMessage: message(`channels.messages.qualification_${request.status}`, { partner: row.name }),
        link: `/channels/partners/${row.id}`,
      },
    ]);
}

/**
 * R-CHN-2 tiers: each active partner's tier from its last four quarters' attributed orders
 * (`tierFor`); a change is written to the tier history with the figure behind it.
 */
export async function recomputeTiers(ctx: Ctx): Promise<{ partnerId: string; name: string; fromTier: string; toTier: string }[]> {
  channelsAccess.require(ctx.actor, 'manage');
  const { timeZone } = await getSettings(ctx.db);
  const current = quarterOf(dayIn(ctx.now, timeZone));
  let first = current;
  for (let i = 0; i < 3; i++) first = previousQuarter(first);
  const range = { from: quarterRange(first).from, to: quarterRange(current).to };
  return ctx.db.transaction(async (tx) => {
    const figures = await partnerFigures(tx, range, timeZone);
    const partners = await tx.execute<{ id: string; name: string; tier: PartnerRow['tier'] }>(
      sql`select id, name, tier from channel_partners where status = 'active' for update`,
    );
    const changes: { partnerId: string; name: string; fromTier: string; toTier: string }[] = [];
    for (const partner of partners.rows) {
      const contribution = figures.get(partner.id)?.ordersCents ?? 0;
      const tier = tierFor(contribution, TIER_RULES);
      if (tier === partner.tier) continue;
      await tx.execute(
        sql`update channel_partners set tier = ${tier}, updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1 where id = ${partner.id}`,
      );
      await tx.execute(sql`
        insert into partner_tier_history (partner_id, from_tier, to_tier, reason, changed_by_id, changed_at)
        values (${partner.id}, ${partner.tier}, ${tier}, ${`${first}–${current}: ¥${(contribution / 100).toFixed(2)}`}, ${ctx.actor.id}, ${ctx.now.toISOString()}::timestamptz)`);
      await ctx.audit(tx, { action: 'update', entity: 'channel_partners', entityId: partner.id, changes: { tier: [partner.tier, tier] } });
      changes.push({ partnerId: partner.id, name: partner.name, fromTier: partner.tier, toTier: tier });
    }
    return changes;
  });
}

/**
 * Satisfaction per partner for company days [from, to): the average CSAT (1–5, R-SVC-2 through the
 * service module's index) of the survey answers its customers gave — the customers of the orders and
 * opportunities attributed to it. null when none answered.
 */
async function partnerSatisfaction(db: Executor, range: { from: string; to: string }, timeZone: string, partnerIds?: string[]) {
  const rows = await db.execute<{ partner_id: string; customer_ids: string[] }>(sql`
    select pd.partner_id, array_agg(distinct coalesce(o.customer_id, op.customer_id))::text[] as customer_ids
      from partner_deals pd
      left join ${orders} o on o.id = pd.order_id
      left join ${opportunities} op on op.id = pd.opportunity_id
     where coalesce(o.customer_id, op.customer_id) is not null
       ${partnerIds ? sql`and pd.partner_id = any(${sql.param(partnerIds)}::uuid[])` : sql``}
     group by pd.partner_id`);
  const instant = (day: string) => startOfCalendarDay(Date.parse(`${day}T00:00:00Z`), timeZone);
  const scores = await satisfactionByCustomerGroup(db, {
    from: instant(range.from),
    to: instant(range.to),
    groups: new Map(rows.rows.map((row) => [row.partner_id, row.customer_ids])),
  });
  return new Map([...scores].map(([partnerId, score]) => [partnerId, score.csatAverage]));
}

/**
 * Contribution per partner for a quarter: attributed order revenue, growth on the previous quarter,
 * collections, deals and its customers' satisfaction.
 */
export async function contributionReport(ctx: Ctx, period: string, partnerIds?: string[]) {
  channelsAccess.require(ctx.actor, 'read');
  const { timeZone } = await getSettings(ctx.db);
  const [now, before, satisfaction, partners] = await Promise.all([
    partnerFigures(ctx.db, quarterRange(period), timeZone, partnerIds),
    partnerFigures(ctx.db, quarterRange(previousQuarter(period)), timeZone, partnerIds),
    partnerSatisfaction(ctx.db, quarterRange(period), timeZone, partnerIds),
    ctx.db.execute<{ id: string; name: string; tier: PartnerRow['tier'] }>(
      sql`select id, name, tier from channel_partners ${partnerIds ? sql`where id = any(${sql.param(partnerIds)}::uuid[])` : sql``} order by name`,
    ),
  ]);
  return partners.rows
    .map((partner) => {
      const figures = now.get(partner.id) ?? { ordersCents: 0, deals: 0, collectionsCents: 0 };
      const previous = before.get(partner.id)?.ordersCents ?? 0;
      return {
        partnerId: partner.id,
        partnerName: partner.name,
        tier: partner.tier,
        ordersCents: figures.ordersCents,
        previousOrdersCents: previous,
        growthBp: previous > 0 ? Math.round(((figures.ordersCents - previous) * 10_000) / previous) : null,
        collectionsCents: figures.collectionsCents,
        deals: figures.deals,
        satisfaction: satisfaction.get(partner.id) ?? null,
      };
    })
    .sort((a, b) => b.ordersCents - a.ordersCents || a.partnerName.localeCompare(b.partnerName));
}

/** Regions of the org tree and the partners, for pickers. */
export async function channelOptions(ctx: Ctx): Promise<ChannelOptions> {
  channelsAccess.require(ctx.actor, 'read');
  const [regions, partners] = await Promise.all([
    ctx.db.execute<{ id: string; name: string }>(sql`select id, name from org_units where kind = 'region' order by name`),
    ctx.db.execute<{ id: string; name: string }>(sql`select id, name from channel_partners order by name`),
  ]);
  return { regions: regions.rows, partners: partners.rows };
}

/** Customers by name for a registration (the channel manager registers prospects company-wide): id and name only. */
export async function customerOptions(ctx: Ctx, q: string): Promise<{ id: string; name: string }[]> {
  channelsAccess.require(ctx.actor, 'manage');
  const rows = await ctx.db.execute<{ id: string; name: string }>(sql`
    select id, name from customers where merged_into_id is null and name ilike ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} order by name limit 20`);
  return rows.rows;
}
