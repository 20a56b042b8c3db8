import type { SearchTypeDeclaration } from '../../core/recordShortcuts';

/** What the header's global search, recent items and favourites show of this module (the server declares `searchables`). */
export const productSearchTypes: readonly SearchTypeDeclaration[] = [
  // No product page: the catalogue opens filtered by the product's code.
  {
    type: 'product',
    labelKey: 'search.types.product',
    open: ({ title, subtitle }) => `/products?q=${encodeURIComponent(subtitle ?? title)}`,
  },
];
