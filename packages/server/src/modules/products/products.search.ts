import { sql } from 'drizzle-orm';
import { defineSearchable, searchField } from '../../platform/search/index.js';
import { productsAccess } from './products.access.js';
import { products } from './products.schema.js';

/** Global search (issue 16): the catalogue by name (Chinese or English) or code; catalogue rows have no owner. */
export const productSearchable = defineSearchable({
  type: 'product',
  can: (actor) => productsAccess.can(actor, 'read'),
  from: sql`${products}`,
  id: products.id,
  title: products.name,
  titleEn: products.nameEn,
  subtitle: products.code,
  scope: () => sql`true`,
  fields: [searchField.text(products.name), searchField.text(products.nameEn, { bigrams: false }), searchField.code(products.code)],
});
