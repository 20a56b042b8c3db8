/** The channels web module's manifest: the composition root (app/modules.ts) reads it. */
import { lazy } from 'react';
import { defineWebModule } from '../../core/webModule';
import { homeCards } from '../home';
import { customerPanels } from '../customers';
import { opportunityPanels } from '../opportunities';
import { channelsRoutes } from './routes';
import { channelsMessages } from './i18n';

const lazyCockpit = lazy(() => import('./ChannelCockpitCard').then((module) => ({ default: module.ChannelCockpitCard })));
const lazyWarning = lazy(() => import('./ChannelWarningPanel').then((module) => ({ default: module.ChannelWarningPanel })));
const lazyOpportunityWarning = lazy(() =>
  import('./ChannelWarningPanel').then((module) => ({ default: module.OpportunityChannelWarning })),
);

export const channelsWebModule = defineWebModule({
  name: 'channels',
  routes: channelsRoutes,
  messages: channelsMessages,
  contributes: [
    homeCards.with({ key: 'channels', Component: lazyCockpit }),
    customerPanels.with({ key: 'channelConflict', Component: lazyWarning }),
    opportunityPanels.with({ key: 'channelConflict', Component: lazyOpportunityWarning }),
  ],
});
