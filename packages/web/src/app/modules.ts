import type { WebModule } from '../core/webModule';
import { fillSlots } from '../core/slots';
import { homeWebModule } from '../modules/home/module';
import { customersWebModule } from '../modules/customers/module';
import { opportunitiesWebModule } from '../modules/opportunities/module';
import { quotesWebModule } from '../modules/quotes/module';
import { contractsWebModule } from '../modules/contracts/module';
import { ordersWebModule } from '../modules/orders/module';
import { eventsWebModule } from '../modules/events/module';
import { targetsWebModule } from '../modules/targets/module';
import { serviceWebModule } from '../modules/service/module';
import { expensesWebModule } from '../modules/expenses/module';
import { trainingWebModule } from '../modules/training/module';
import { productsWebModule } from '../modules/products/module';
import { receivablesWebModule } from '../modules/receivables/module';
import { approvalsWebModule } from '../modules/approvals/module';
import { orgWebModule } from '../modules/org/module';
import { auditWebModule } from '../modules/audit/module';
import { settingsWebModule } from '../modules/settings/module';
import { notificationsWebModule } from '../modules/notifications/module';
import { authWebModule } from '../modules/auth/module';
import { searchWebModule } from '../modules/search/module';
import { performanceWebModule } from '../modules/performance/module';
import { incentivesWebModule } from '../modules/incentives/module';
import { reportsWebModule } from '../modules/reports/module';
import { marketWebModule } from '../modules/market/module';
import { channelsWebModule } from '../modules/channels/module';
import { teamworkWebModule } from '../modules/teamwork/module';
import { internalauditWebModule } from '../modules/internalaudit/module';

/**
 * Every web module, in menu order (routes, menu entries, i18n namespaces and slot contributions are
 * read from here, nowhere else). Adding a module: its folder with an index.ts exporting
 * `defineWebModule({...})`, and one line here (see ARCHITECTURE.md).
 */
export const WEB_MODULES: readonly WebModule[] = [
  homeWebModule,
  customersWebModule,
  opportunitiesWebModule,
  quotesWebModule,
  contractsWebModule,
  ordersWebModule,
  productsWebModule,
  receivablesWebModule,
  eventsWebModule,
  targetsWebModule,
  expensesWebModule,
  serviceWebModule,
  trainingWebModule,
  performanceWebModule,
  incentivesWebModule,
  reportsWebModule,
  marketWebModule,
  channelsWebModule,
  teamworkWebModule,
  internalauditWebModule,
  approvalsWebModule,
  orgWebModule,
  auditWebModule,
  settingsWebModule,
  notificationsWebModule,
  authWebModule,
  searchWebModule,
];

fillSlots(WEB_MODULES.flatMap((module) => module.contributes ?? []));

/** The record types the header's search, recent items and favourites know, in module order. */
export const SEARCH_TYPES = WEB_MODULES.flatMap((module) => module.searchTypes ?? []);
