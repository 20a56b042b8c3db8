import type { SearchTypeDeclaration } from '../../core/recordShortcuts';

/** What the header's global search, recent items and favourites show of this module (the server declares `searchables`). */
export const opportunitySearchTypes: readonly SearchTypeDeclaration[] = [
  {
    type: 'opportunity',
    labelKey: 'search.types.opportunity',
    recordRoute: '/opportunities/:id',
    open: ({ id }) => `/opportunities/${id}`,
  },
];
