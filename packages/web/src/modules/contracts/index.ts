/**
 * Contracts web module: what later modules use of it (the manifest is module.ts). It adds the
 * contracts tab to the customer page (customerTabs); later modules take part in its pages through
 * its slots: contract page tabs and actions, the submit dialog, the customer's deals tab, settings.
 */
export {
  contractActions,
  contractSettingsSections,
  contractSubmitParts,
  contractTabs,
  customerDealsSections,
  type ContractAction,
  type ContractSettingsSection,
  type ContractSubmitExtra,
  type ContractSubmitPart,
  type ContractTab,
  type CustomerDealsSection,
} from './slots';
export { NumberPatternItem } from './PatternHelp';
