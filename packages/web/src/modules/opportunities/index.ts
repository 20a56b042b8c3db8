/** What other web modules may use of opportunities: the slots of the opportunity page. The manifest is module.ts. */
export { opportunityPanels, type OpportunityPanel } from './slots';
