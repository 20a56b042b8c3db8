/** The targets web module's manifest: the composition root (app/modules.ts) reads it. */
import { lazy } from 'react';
import { defineWebModule } from '../../core/webModule';
import { homeCards } from '../home';
import { targetsRoutes } from './routes';
import { targetsMessages } from './i18n';

// The role cockpit (M5) heads the home page; loaded with it, not with the app shell.
const lazyCockpit = lazy(() => import('./CockpitCard').then((module) => ({ default: module.CockpitCard })));

export const targetsWebModule = defineWebModule({
  name: 'targets',
  routes: targetsRoutes,
  messages: targetsMessages,
  contributes: [homeCards.with({ key: 'cockpit', Component: lazyCockpit })],
});
