/** The incentives web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { incentivesRoutes } from './routes';
import { incentivesMessages } from './i18n';

export const incentivesWebModule = defineWebModule({ name: 'incentives', routes: incentivesRoutes, messages: incentivesMessages });
