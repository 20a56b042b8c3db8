/** Org web module: what other modules use of it (the manifest is module.ts). */
export { UserSelect } from './UserSelect';
export { OwnerTeamFilters } from './OwnerTeamFilters';
export { useOrgUnits } from './api';
export { unitTreeSelectData } from './orgTree';
