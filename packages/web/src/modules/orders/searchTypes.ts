import type { SearchTypeDeclaration } from '../../core/recordShortcuts';

/** What the header's global search, recent items and favourites show of this module (the server declares `searchables`). */
export const orderSearchTypes: readonly SearchTypeDeclaration[] = [
  { type: 'order', labelKey: 'search.types.order', recordRoute: '/orders/:id', open: ({ id }) => `/orders/${id}` },
];
