import type { ComponentType, ReactNode } from 'react';
import type { Contract } from '@xiaoguan/shared';
import type { Can } from '../../core/session';
import { defineSlot } from '../../core/slots';

/**
 * Where later modules (orders, receivables) take part in the contract pages without contracts
 * importing them (ARCHITECTURE.md, "Module dependency graph"): each contributes from its module.ts.
 */

/** A tab of the contract page, after the contract's own overview and payment plan, before its files. */
export interface ContractTab {
  /** `?tab=<key>` and the tab's `data-testid` (`contract-tab-<key>`). */
  key: string;
  labelKey: string;
  /** Me.permissions key needed to see the tab; none = everyone who sees the contract. */
  permission?: string;
  Component: ComponentType<{ contract: Contract }>;
}

/** A header action of the contract page, after "submit"; it opens the module's own dialog. */
export interface ContractAction {
  key: string;
  labelKey: string;
  icon: ReactNode;
  visible: (contract: Contract, can: Can) => boolean;
  Dialog: ComponentType<{ contract: Contract; onClose: () => void }>;
}

/** The submit body's fields a later module fills in (the contract's submit route accepts them). */
export interface ContractSubmitExtra {
  creditOverrideId?: string | null;
}

/** A later module's part of the submit-for-signing dialog: its fields, and the submit errors it explains. */
export interface ContractSubmitPart {
  key: string;
  Fields: ComponentType<{ contract: Contract; onChange: (extra: ContractSubmitExtra) => void }>;
  /** Whether a failed submit is this module's to explain (shown with ErrorView instead of the plain alert). */
  explains: (error: unknown) => boolean;
  ErrorView: ComponentType<{ error: unknown }>;
}

/** A section of the customer page's contracts tab, after the customer's contracts. */
export interface CustomerDealsSection {
  key: string;
  permission?: string;
  Component: ComponentType<{ customer: { id: string; name: string } }>;
}

/** A card of the contract settings page, after the contracts' own settings. */
export interface ContractSettingsSection {
  key: string;
  permission: string;
  Component: ComponentType;
}

export const contractTabs = defineSlot<ContractTab>('contracts.tabs');
export const contractActions = defineSlot<ContractAction>('contracts.actions');
export const contractSubmitParts = defineSlot<ContractSubmitPart>('contracts.submit');
export const customerDealsSections = defineSlot<CustomerDealsSection>('contracts.customerDeals');
export const contractSettingsSections = defineSlot<ContractSettingsSection>('contracts.settings');
