import { sql } from 'drizzle-orm';
import { defineSearchable, searchField } from '../../platform/search/index.js';
import { quotesAccess } from './quotes.access.js';
import { quotes } from './quotes.schema.js';

/** Global search (issue 16): quotes by number or title, within the caller's read scope. */
export const quoteSearchable = defineSearchable({
  type: 'quote',
  can: (actor) => quotesAccess.can(actor, 'read'),
  from: sql`${quotes}`,
  id: quotes.id,
  title: quotes.title,
  subtitle: sql`${quotes.number} || ' · ' || coalesce((select c.name from customers c where c.id = ${quotes.customerId}), '')`,
  scope: (ctx) => quotesAccess.where(ctx.actor, 'read', quotes.ownerId),
  fields: [searchField.code(quotes.number), searchField.text(quotes.title)],
});
