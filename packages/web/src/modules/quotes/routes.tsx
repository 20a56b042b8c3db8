import { lazy } from 'react';
import { FileTextOutlined, SettingOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const QuoteListPage = lazy(() => import('./QuoteListPage'));
const QuoteBuilderPage = lazy(() => import('./QuoteBuilderPage'));
const QuoteDetailPage = lazy(() => import('./QuoteDetailPage'));
const QuoteSettingsPage = lazy(() => import('./QuoteSettingsPage'));

/** M2 Quotes (R-QUO-1). `/quotes?opportunityId=…` and `/quotes/new?opportunityId=…&customerId=…` are linked from opportunities. */
export const quotesRoutes: ModuleRoute[] = [
  {
    path: '/quotes',
    Component: QuoteListPage,
    permission: 'quotes.read',
    menu: { group: 'pipeline', labelKey: 'quotes.menu.list', icon: <FileTextOutlined />, testId: 'menu-quotes', order: 20 },
  },
  { path: '/quotes/new', Component: QuoteBuilderPage, permission: 'quotes.write' },
  {
    path: '/quotes/settings',
    Component: QuoteSettingsPage,
    permission: 'quotes.configure',
    menu: { group: 'pipeline', labelKey: 'quotes.menu.settings', icon: <SettingOutlined />, testId: 'menu-quote-settings', order: 90 },
  },
  { path: '/quotes/:id', Component: QuoteDetailPage, permission: 'quotes.read' },
  { path: '/quotes/:id/edit', Component: QuoteBuilderPage, permission: 'quotes.write' },
];
