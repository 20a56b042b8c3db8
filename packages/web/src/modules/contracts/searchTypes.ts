import type { SearchTypeDeclaration } from '../../core/recordShortcuts';

/** What the header's global search, recent items and favourites show of this module (the server declares `searchables`). */
export const contractSearchTypes: readonly SearchTypeDeclaration[] = [
  { type: 'contract', labelKey: 'search.types.contract', recordRoute: '/contracts/:id', open: ({ id }) => `/contracts/${id}` },
];
