/**
 * Receivables web module. Other modules use only these exports:
 * - ContractReceivablesTab — mount on the contract page: `<ContractReceivablesTab contractId={id} />`.
 * - CustomerCreditCard — the R-AR-2 credit card on the customer page.
 * - isCreditBlocked / creditBlockOf / CreditOverrideButton / CreditOverrideDrawer — for order and
 *   contract screens that get a 422 R-AR-2 when saving.
 * - useCreditOverrides — e.g. approved overrides of a customer, to send `creditOverrideId` with an order.
 */
export { receivablesRoutes } from './routes';
export { receivablesMessages } from './i18n';
export { ContractReceivablesTab } from './ContractReceivablesTab';
export { CustomerCreditCard } from './CustomerCreditCard';
export { CreditOverrideButton, CreditOverrideDrawer, creditBlockOf, isCreditBlocked } from './CreditOverride';
export { useCreditOverrides } from './api';
