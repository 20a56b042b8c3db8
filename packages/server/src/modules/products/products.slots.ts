import type { Executor } from '../../platform/db/client.js';
import { defineSlot } from '../../platform/manifest/index.js';

/**
 * R-PRC-1 event offers (issue 17 item 3): the events whose offers a customer may have on a day
 * (the events module answers: events the customer attended, running or within the offer's dates).
 * Products reads the slot and never imports events.
 */
export const pricingEventEligibility =
  defineSlot<(db: Executor, customerId: string, on: string) => Promise<string[]>>('products.pricingEventEligibility');
