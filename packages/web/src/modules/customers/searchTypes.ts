import type { SearchTypeDeclaration } from '../../core/recordShortcuts';

/** What the header's global search, recent items and favourites show of this module (the server declares `searchables`). */
export const customerSearchTypes: readonly SearchTypeDeclaration[] = [
  { type: 'customer', labelKey: 'search.types.customer', recordRoute: '/customers/:id', open: ({ id }) => `/customers/${id}` },
  // A contact opens its customer (the hit's target); this names the group.
  { type: 'contact', labelKey: 'search.types.contact', open: () => '/customers' },
];
