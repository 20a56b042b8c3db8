import type { LocalisedMessages } from './i18n-types';
import type { ModuleRoute } from './moduleRoute';
import type { SlotContribution } from './slots';
import type { SearchTypeDeclaration } from './recordShortcuts';

/**
 * One web module, declared once in its index.ts: its pages (with their menu entries), its strings
 * (the i18n namespace is the module's name: `customers.list.title`) and what it adds to earlier
 * modules' slots. The ordered list of these is app/modules.ts; nothing else registers a module.
 */
export interface WebModule {
  readonly name: string;
  readonly routes: readonly ModuleRoute[];
  readonly messages: LocalisedMessages<unknown>;
  readonly contributes?: readonly SlotContribution[];
  /** Record types the header's search, recent items and favourites show, matching the server's `searchables`. */
  readonly searchTypes?: readonly SearchTypeDeclaration[];
}

export function defineWebModule(module: WebModule): WebModule {
  return module;
}
