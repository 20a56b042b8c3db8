/** The market web module's manifest: the composition root (app/modules.ts) reads it. */
import { lazy } from 'react';
import { defineWebModule } from '../../core/webModule';
import { customerPanels } from '../customers';
import { marketRoutes } from './routes';
import { marketMessages } from './i18n';

const lazyFeedbackPanel = lazy(() => import('./CustomerFeedbackPanel').then((module) => ({ default: module.CustomerFeedbackPanel })));

export const marketWebModule = defineWebModule({
  name: 'market',
  routes: marketRoutes,
  messages: marketMessages,
  contributes: [customerPanels.with({ key: 'marketFeedback', Component: lazyFeedbackPanel })],
});
