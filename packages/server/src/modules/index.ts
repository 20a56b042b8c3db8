import type { ModuleManifest } from '../platform/manifest/index.js';
import { orgModule } from './org/index.js';
import { homeModule } from './home/index.js';
import { customersModule } from './customers/index.js';
import { productsModule } from './products/index.js';
import { opportunitiesModule } from './opportunities/index.js';
import { quotesModule } from './quotes/index.js';
import { contractsModule } from './contracts/index.js';
import { receivablesModule } from './receivables/index.js';
import { ordersModule } from './orders/index.js';
import { eventsModule } from './events/index.js';
import { targetsModule } from './targets/index.js';
import { serviceModule } from './service/index.js';
import { expensesModule } from './expenses/index.js';
import { performanceModule } from './performance/index.js';
import { incentivesModule } from './incentives/index.js';
import { trainingModule } from './training/index.js';
import { reportsModule } from './reports/index.js';
import { marketModule } from './market/index.js';
import { channelsModule } from './channels/index.js';
import { teamworkModule } from './teamwork/index.js';
import { internalauditModule } from './internalaudit/index.js';

/**
 * The business modules, in dependency order: each may import (through its index.ts) only the
 * modules before it. This list is the one registration: the app mounts its routes, /auth/me builds
 * the menu from its access declarations, the scheduler and job queue run its jobs, the approval engine
 * knows its subjects, and modules.test.ts and the access matrix check it. Adding a module: its folder
 * with an index.ts exporting `defineModule({...})`, and one line here (see ARCHITECTURE.md).
 */
export const MODULES: readonly ModuleManifest[] = [
  orgModule,
  homeModule,
  customersModule,
  productsModule,
  opportunitiesModule,
  quotesModule,
  contractsModule,
  receivablesModule,
  ordersModule,
  eventsModule,
  targetsModule,
  expensesModule,
  serviceModule,
  trainingModule,
  performanceModule,
  incentivesModule,
  reportsModule,
  marketModule,
  channelsModule,
  teamworkModule,
  internalauditModule,
];
