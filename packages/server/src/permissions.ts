import type { Actor } from './platform/access/actor.js';
import { seesOthers, type ModuleAccess } from './platform/access/access.js';
import { orgUnitsAccess, usersAccess } from './modules/org/index.js';
import { auditAccess } from './platform/audit/audit.access.js';
import { approvalsAccess } from './platform/approvals/approvals.access.js';
import { settingsAccess } from './platform/settings/settings.access.js';
import { customersAccess } from './modules/customers/index.js';
import { receivablesAccess } from './modules/receivables/index.js';
import { productsAccess } from './modules/products/index.js';
import { quotesAccess } from './modules/quotes/index.js';
import { opportunitiesAccess } from './modules/opportunities/index.js';
import { contractsAccess } from './modules/contracts/index.js';
import { ordersAccess } from './modules/orders/index.js';

/** Every module's access declaration, in app order: the web menu is built from these. */
export const ACCESS_DECLARATIONS: ModuleAccess<string>[] = [
  usersAccess as ModuleAccess<string>,
  orgUnitsAccess as ModuleAccess<string>,
  auditAccess as ModuleAccess<string>,
  approvalsAccess as ModuleAccess<string>,
  settingsAccess as ModuleAccess<string>,
  customersAccess as ModuleAccess<string>,
  receivablesAccess as ModuleAccess<string>,
  productsAccess as ModuleAccess<string>,
  quotesAccess as ModuleAccess<string>,
  opportunitiesAccess as ModuleAccess<string>,
  contractsAccess as ModuleAccess<string>,
  ordersAccess as ModuleAccess<string>,
];

export function permissionsOf(actor: Actor): Record<string, boolean> {
  return Object.assign({}, ...ACCESS_DECLARATIONS.map((access) => access.permissions(actor)));
}

/**
 * Whether the actor reads records owned by others (R-SEC-1). Customers, opportunities, quotes,
 * orders and contracts grant the same roles read beyond their own, so the customers' scope answers for all.
 */
export function seesOthersOf(actor: Actor): boolean {
  return seesOthers(customersAccess, actor, 'read');
}
