import { defineModule } from '../../platform/manifest/index.js';
import { ordersAccess } from './orders.access.js';
import { ordersRoutes } from './orders.routes.js';
import { orderSearchable } from './orders.search.js';

/** Orders module (M2): orders from contracts and direct orders, delivery status. Other modules import only this file. */
export { orders, orderLines, orderStatusHistory } from './orders.schema.js';
export { ordersAccess } from './orders.access.js';
export { ordersRoutes } from './orders.routes.js';

import { activityFeed } from '../../platform/feed/index.js';
import { ordersFeedSource } from './orders.feed.js';

export const ordersModule = defineModule({
  name: 'orders',
  dependsOn: ['org', 'customers', 'products', 'contracts', 'receivables'],
  routes: [ordersRoutes],
  access: [ordersAccess],
  settings: ['orders'],
  contributes: [activityFeed.with(ordersFeedSource)],
  searchables: [orderSearchable],
});
