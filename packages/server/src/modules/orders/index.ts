/** Orders module (M2): orders from contracts and direct orders, delivery status. Other modules import only this file. */
export { orders, orderLines, orderStatusHistory } from './orders.schema.js';
export { ordersAccess } from './orders.access.js';
export { ordersRoutes } from './orders.routes.js';
