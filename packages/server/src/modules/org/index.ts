import { defineModule } from '../../platform/manifest/index.js';
import { usersAccess, orgUnitsAccess } from './org.access.js';
import { orgRoutes } from './org.routes.js';
import { userSearchable } from './org.search.js';

/** Org module: the org tree, users, reporting lines and support assignments. Other modules import only this file. */
export { orgUnits, users, supportAssignments } from '../../platform/identity/index.js';
export { usersAccess, orgUnitsAccess } from './org.access.js';
export { orgRoutes } from './org.routes.js';
export { getUser } from './org.service.js';
export { getDirectory, invalidateDirectory, type Directory } from './directory.js';
export { resolveOwner } from './resolve-owner.js';

export const orgModule = defineModule({
  name: 'org',
  routes: [orgRoutes],
  access: [usersAccess, orgUnitsAccess],
  searchables: [userSearchable],
});
