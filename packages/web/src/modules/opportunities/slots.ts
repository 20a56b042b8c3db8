import type { ComponentType } from 'react';
import { defineSlot } from '../../core/slots';

/** A card a later module shows on the opportunity page between the header and the stage path (channels: the R-CHN-1 warning). */
export interface OpportunityPanel {
  key: string;
  Component: ComponentType<{ opportunityId: string }>;
}

export const opportunityPanels = defineSlot<OpportunityPanel>('opportunities.panels');
