import type { SearchTypeDeclaration } from '../../core/recordShortcuts';

/** What the header's global search, recent items and favourites show of this module (the server declares `searchables`). */
export const quoteSearchTypes: readonly SearchTypeDeclaration[] = [
  { type: 'quote', labelKey: 'search.types.quote', recordRoute: '/quotes/:id', open: ({ id }) => `/quotes/${id}` },
];
