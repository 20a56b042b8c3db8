import type { ModuleRoute } from './moduleRoute';
import { homeRoutes } from '../modules/home/routes';
import { customersRoutes } from '../modules/customers/routes';
import { receivablesRoutes } from '../modules/receivables/routes';
import { productsRoutes } from '../modules/products/routes';
import { quotesRoutes } from '../modules/quotes/routes';
import { opportunitiesRoutes } from '../modules/opportunities/routes';
import { contractsRoutes } from '../modules/contracts/routes';
import { ordersRoutes } from '../modules/orders/routes';
import { approvalsRoutes } from '../modules/approvals/routes';
import { orgRoutes } from '../modules/org/routes';
import { auditRoutes } from '../modules/audit/routes';
import { settingsRoutes } from '../modules/settings/routes';
import { notificationsRoutes } from '../modules/notifications/routes';
import { authRoutes } from '../modules/auth/routes';

/** Every module's pages, in menu order of their groups: the explicit list, no autoloading. */
export const MODULE_ROUTES: readonly ModuleRoute[] = [
  ...homeRoutes,
  ...customersRoutes,
  ...opportunitiesRoutes,
  ...quotesRoutes,
  ...contractsRoutes,
  ...ordersRoutes,
  ...productsRoutes,
  ...receivablesRoutes,
  ...approvalsRoutes,
  ...orgRoutes,
  ...auditRoutes,
  ...settingsRoutes,
  ...notificationsRoutes,
  ...authRoutes,
];
