import { sql } from 'drizzle-orm';
import { defineSearchable, searchField } from '../../platform/search/index.js';
import type { Actor } from '../../platform/access/index.js';
import { customersAccess } from './customers.access.js';
import { customerContacts, customers } from './customers.schema.js';
import { customerReadScope } from './customers.service.js';

const canRead = (actor: Actor) => customersAccess.can(actor, 'read') || customersAccess.can(actor, 'claim');

/** Global search (issue 16): customers by name or unmasked phone, within the list's read scope (pool included for who sees it). */
export const customerSearchable = defineSearchable({
  type: 'customer',
  favourite: true,
  can: canRead,
  from: sql`${customers}`,
  id: customers.id,
  title: customers.name,
  subtitle: sql`(select u.display_name from users u where u.id = ${customers.ownerId})`,
  scope: customerReadScope,
  fields: [searchField.text(customers.name), searchField.phone(customers.phone, customers.ownerId)],
});

/** Contacts by name or unmasked phone (masked by their customer's owner); a hit opens the customer. */
export const contactSearchable = defineSearchable({
  type: 'contact',
  can: canRead,
  from: sql`${customerContacts} join ${customers} on ${customers.id} = ${customerContacts.customerId}`,
  id: customerContacts.id,
  title: customerContacts.name,
  subtitle: customers.name,
  target: { type: 'customer', id: customers.id },
  scope: customerReadScope,
  fields: [searchField.text(customerContacts.name), searchField.phone(customerContacts.phone, customers.ownerId)],
});
