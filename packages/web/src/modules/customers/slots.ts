import type { ComponentType } from 'react';
import type { Customer } from '@xiaoguan/shared';
import { defineSlot } from '../../core/slots';

/** A tab a later module adds to the customer page, after the customer's own activity tabs. */
export interface CustomerTab {
  /** `?tab=<key>` and the tab's `data-testid` (`customer-tab-<key>`). */
  key: string;
  labelKey: string;
  /** Me.permissions key needed to see the tab; none = everyone who sees the customer. */
  permission?: string;
  Component: ComponentType<{ customer: Customer }>;
}

/** A card a later module shows on the customer page between the header and the tabs. */
export interface CustomerPanel {
  key: string;
  Component: ComponentType<{ customerId: string }>;
}

export const customerTabs = defineSlot<CustomerTab>('customers.tabs');
export const customerPanels = defineSlot<CustomerPanel>('customers.panels');
