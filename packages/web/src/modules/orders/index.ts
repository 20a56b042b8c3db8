/**
 * Orders web module. Other modules use only these exports:
 * - ContractOrders — the orders tab of the contract page.
 * - OrderDrawer — a new order on a contract or a direct order (e.g. from the customer page).
 * - OrderTable / useOrders — a customer's orders.
 */
export { ContractOrders } from './ContractOrders';
export { OrderDrawer, type OrderDrawerTarget } from './OrderDrawer';
export { OrderTable } from './OrderTable';
export { useOrders } from './api';
