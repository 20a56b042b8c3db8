import { sql } from 'drizzle-orm';
import { defineSearchable, searchField } from '../../platform/search/index.js';
import { contractsAccess } from './contracts.access.js';
import { contracts } from './contracts.schema.js';

/** Global search (issue 16): contracts by number or title, within the caller's read scope. */
export const contractSearchable = defineSearchable({
  type: 'contract',
  can: (actor) => contractsAccess.can(actor, 'read'),
  from: sql`${contracts}`,
  id: contracts.id,
  title: contracts.title,
  subtitle: sql`${contracts.number} || ' · ' || coalesce((select c.name from customers c where c.id = ${contracts.customerId}), '')`,
  scope: (ctx) => contractsAccess.where(ctx.actor, 'read', contracts.ownerId),
  fields: [searchField.code(contracts.number), searchField.text(contracts.title)],
});
