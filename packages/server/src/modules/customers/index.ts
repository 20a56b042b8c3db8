import { defineModule } from '../../platform/manifest/index.js';
import { customersAccess } from './customers.access.js';
import { customersRoutes } from './customers.routes.js';
import { customersJobs } from './customers.jobs.js';
import { customerImportsRoutes } from './customer-imports.routes.js';
import { customerImportJobs } from './customer-imports.service.js';
import { contactSearchable, customerSearchable } from './customers.search.js';

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

export const customersModule = defineModule({
  name: 'customers',
  dependsOn: ['org'],
  routes: [customersRoutes, customerImportsRoutes],
  access: [customersAccess],
  jobs: customersJobs,
  backgroundJobs: customerImportJobs,
  settings: ['customers'],
  searchables: [customerSearchable, contactSearchable],
});
