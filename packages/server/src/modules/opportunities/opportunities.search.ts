import { sql } from 'drizzle-orm';
import { defineSearchable, searchField } from '../../platform/search/index.js';
import { opportunitiesAccess } from './opportunities.access.js';
import { opportunities } from './opportunities.schema.js';
import { opportunityReadScope } from './opportunities.service.js';

/** Global search (issue 16): opportunities by name, within the caller's read scope; they can be pinned. */
export const opportunitySearchable = defineSearchable({
  type: 'opportunity',
  favourite: true,
  can: (actor) => opportunitiesAccess.can(actor, 'read'),
  from: sql`${opportunities}`,
  id: opportunities.id,
  title: opportunities.name,
  subtitle: sql`(select c.name from customers c where c.id = ${opportunities.customerId})`,
  scope: opportunityReadScope,
  fields: [searchField.text(opportunities.name)],
});
