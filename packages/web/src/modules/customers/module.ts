/** The customers web module's manifest: the composition root (app/modules.ts) reads it. */
import { lazy } from 'react';
import { defineWebModule } from '../../core/webModule';
import { homeCards } from '../home';
import { customersRoutes } from './routes';
import { customersMessages } from './i18n';
import { customerSearchTypes } from './searchTypes';

// Loaded with the home page that shows it, not with the app shell.
const lazyMyDayCard = lazy(() => import('./MyDayCard').then((module) => ({ default: module.MyDayCard })));

export const customersWebModule = defineWebModule({
  name: 'customers',
  routes: customersRoutes,
  messages: customersMessages,
  contributes: [homeCards.with({ key: 'myDay', Component: lazyMyDayCard })],
  searchTypes: customerSearchTypes,
});
