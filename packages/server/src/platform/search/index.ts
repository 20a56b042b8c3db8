export { defineSearchable, searchField, matchQuery, registerSearchables, type Searchable, type SearchField } from './searchables.js';
export { searchRoutes } from './search.routes.js';
export { searchStatement, globalSearch } from './search.service.js';
