import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { Can } from './session';

export type MenuGroup = 'workspace' | 'customers' | 'pipeline' | 'receivables' | 'approvals' | 'organisation' | 'system';
export const MENU_GROUPS: readonly MenuGroup[] = [
  'workspace',
  'customers',
  'pipeline',
  'receivables',
  'approvals',
  'organisation',
  'system',
];

export interface MenuEntry {
  group: MenuGroup;
  labelKey: string;
  icon: ReactNode;
  /** `data-testid` of the menu item, for the browser journeys. */
  testId: string;
  order: number;
}

/** A page a module contributes: its path, its lazily loaded component, who may open it, its menu entry. */
export interface ModuleRoute {
  path: string;
  Component: LazyExoticComponent<ComponentType>;
  /** Me.permissions key required to open the page; none = every signed-in user. */
  permission?: string;
  /** The menu entry, possibly depending on what the user may do; none = not in the menu. */
  menu?: MenuEntry | ((can: Can) => MenuEntry | null);
  /**
   * Data the page needs first, fetched when the app starts on this page, in parallel with
   * /auth/me and the page's code (no waterfall). A 401 here is harmless: the session gate decides.
   */
  prefetch?: (queryClient: QueryClient) => void;
  /** A page for people without an account (a customer's survey link): mounted outside the session gate and the shell. */
  public?: boolean;
}

export function menuEntryOf(route: ModuleRoute, can: Can): MenuEntry | null {
  if (!route.menu) return null;
  if (route.permission && !can(route.permission)) return null;
  return typeof route.menu === 'function' ? route.menu(can) : route.menu;
}
