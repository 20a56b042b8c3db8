import { defineModule } from '../../platform/manifest/index.js';
import { customersAccess } from './customers.access.js';
import { customersRoutes } from './customers.routes.js';
import { customersJobs } from './customers.jobs.js';
import { customerImportsRoutes } from './customer-imports.routes.js';
import { customerBulkRoutes } from './customer-bulk.routes.js';
import { customerImportJobs } from './customer-imports.service.js';
import { customerBulkJob } from './customer-bulk.service.js';
import { activityFeed } from '../../platform/feed/index.js';
import { customerFeedRoutes, customersFeedSource } from './customers.feed.js';
import { contactSearchable, customerSearchable } from './customers.search.js';
import { churnRiskRule } from './customers.alerts.js';

/** Customers module (M1): profiles, cadence, RFM, pool, interactions, tasks, loyalty. Other modules import only this file. */
export { customers, customerRfm, customerOrders, customerContacts, interactions, followUpTasks } from './customers.schema.js';
export { customersAccess } from './customers.access.js';
export { customersRoutes } from './customers.routes.js';
export { customersJobs } from './customers.jobs.js';
export { customerImportsRoutes } from './customer-imports.routes.js';
export { customerImportJobs } from './customer-imports.service.js';
export { customerReadScope, getCustomer } from './customers.service.js';
export { customerInScope } from './customer-in-scope.js';
export { setLifecycleStatus } from './customers.service.js';
export { logInteraction, createTask } from './interactions.service.js';
export { createLinkedTask, setLinkedTaskDone, deleteLinkedTasks } from './linked-tasks.js';
export { createCustomer, findDuplicates } from './customers.service.js';
export { newCustomersByOwner, overdueCadenceCount, newCustomerCount } from './customers.metrics.js';
export { rebuildCustomerNewHourly } from './new-customers-hourly.js';

export const customersModule = defineModule({
  name: 'customers',
  dependsOn: ['org'],
  routes: [customersRoutes, customerImportsRoutes, customerBulkRoutes, customerFeedRoutes],
  access: [customersAccess],
  jobs: customersJobs,
  backgroundJobs: [...customerImportJobs, customerBulkJob],
  settings: ['customers'],
  contributes: [activityFeed.with(customersFeedSource)],
  searchables: [customerSearchable, contactSearchable],
  alertRules: [churnRiskRule],
});
