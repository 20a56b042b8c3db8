/**
 * Receivables web module. It adds the R-AR-2 credit card to the customer page (customerPanels).
 * Other modules use only these exports:
 * - ContractReceivablesTab — mount on the contract page: `<ContractReceivablesTab contractId={id} />`.
 * - isCreditBlocked / creditBlockOf / CreditOverrideButton / CreditOverrideDrawer — for order and
 *   contract screens that get a 422 R-AR-2 when saving.
 * - useCreditOverrides — e.g. approved overrides of a customer, to send `creditOverrideId` with an order.
 */
export { ContractReceivablesTab } from './ContractReceivablesTab';
export { CreditOverrideButton, CreditOverrideDrawer, creditBlockOf, isCreditBlocked } from './CreditOverride';
export { useCreditOverrides } from './api';
