import type { SearchTypeDeclaration } from '../../core/recordShortcuts';

/** What the header's global search, recent items and favourites show of this module (the server declares `searchables`). */
export const userSearchTypes: readonly SearchTypeDeclaration[] = [
  { type: 'user', labelKey: 'search.types.user', open: ({ title, subtitle }) => `/org/users?q=${encodeURIComponent(subtitle ?? title)}` },
];
