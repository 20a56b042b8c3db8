/** The contracts module's part of the activity feed: contracts (created, signed), their signing approvals and attachments. */
import { sql } from 'drizzle-orm';
import type { FeedEntry } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { getSettings } from '../../platform/settings/settings.js';
import { approvalFeedParts, runFeedParts, type FeedSource, type FeedSubject, type FeedWindow } from '../../platform/feed/index.js';
import { contractsAccess } from './contracts.access.js';

async function contractEntries(ctx: Ctx, subject: FeedSubject, window: FeedWindow): Promise<FeedEntry[]> {
  if (!contractsAccess.can(ctx.actor, 'read')) return [];
  const { timeZone } = await getSettings(ctx.db);
  const where = sql`${subject.kind === 'customer' ? sql`c.customer_id = ${subject.id}` : sql`c.opportunity_id = ${subject.id}`} and ${contractsAccess.where(ctx.actor, 'read', sql`c.owner_id`)}`;
  const params = sql`jsonb_build_object('status', c.status, 'amountCents', c.amount_cents, 'title', c.title, 'signedOn', c.signed_on)`;
  return runFeedParts(ctx, window, [
    {
      type: 'contract',
      event: 'created',
      at: sql`c.created_at`,
      entryId: sql`'contract:created:' || c.id::text`,
      actor: sql`coalesce(c.created_by_id, c.owner_id)`,
      recordKind: 'contract',
      recordId: sql`c.id`,
      label: sql`c.number`,
      params,
      from: sql`contracts c`,
      where,
    },
    {
      type: 'contract',
      event: 'signed',
      // The sign date is a company-local date: its start in the company's zone.
      at: sql`(c.signed_on::timestamp at time zone ${timeZone})`,
      entryId: sql`'contract:signed:' || c.id::text`,
      actor: sql`c.owner_id`,
      recordKind: 'contract',
      recordId: sql`c.id`,
      label: sql`c.number`,
      params,
      from: sql`contracts c`,
      where,
    },
    {
      type: 'attachment',
      event: 'added',
      at: sql`ca.created_at`,
      entryId: sql`'attachment:added:' || ca.id::text`,
      actor: sql`ca.uploaded_by_id`,
      recordKind: 'contract',
      recordId: sql`c.id`,
      label: sql`ca.file_name`,
      params: sql`jsonb_build_object('size', ca.size, 'number', c.number)`,
      from: sql`contract_attachments ca join contracts c on c.id = ca.contract_id`,
      where,
    },
    ...approvalFeedParts({
      subjectTypes: ['contract.sign'],
      recordKind: 'contract',
      recordFrom: sql`contracts c`,
      recordWhere: where,
      recordId: sql`c.id`,
      label: sql`c.number`,
    }),
  ]);
}

export const contractsFeedSource: FeedSource = {
  name: 'contracts',
  types: ['contract', 'approval', 'attachment'],
  entries: contractEntries,
};
