/** The incentives web module's manifest: the composition root (app/modules.ts) reads it. */
import { lazy } from 'react';
import { defineWebModule } from '../../core/webModule';
import { contractTabs } from '../contracts';
import { incentivesRoutes } from './routes';
import { incentivesMessages } from './i18n';

// Loaded with the contract page that shows it, not with the app shell.
const lazySplitCreditTab = lazy(() => import('./SplitCreditTab').then((module) => ({ default: module.SplitCreditTab })));

export const incentivesWebModule = defineWebModule({
  name: 'incentives',
  routes: incentivesRoutes,
  messages: incentivesMessages,
  // Split credit (R-COM-1) is edited where the deal is: a tab of the contract page for commission plan holders.
  contributes: [
    contractTabs.with({ key: 'splits', labelKey: 'incentives.splits.tab', permission: 'incentives.plan', Component: lazySplitCreditTab }),
  ],
});
