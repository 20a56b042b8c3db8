import type { Ctx } from '../../platform/context.js';
import type { Tx } from '../../platform/db/client.js';
import { defineSlot } from '../../platform/manifest/index.js';

/** A contract on its way to signing, as later modules' checks see it. */
export interface ContractSubmission {
  contractId: string;
  customerId: string;
  amountCents: number;
  creditOverrideId: string | null;
}

/**
 * Checks a later module runs, in the submitting transaction, before a contract goes for signing;
 * one that throws stops the submission. Receivables contributes R-AR-2 (the customer's credit), so
 * contracts never imports receivables.
 */
export const contractSubmitChecks = defineSlot<(tx: Tx, ctx: Ctx, contract: ContractSubmission) => Promise<void>>('contracts.submitChecks');
