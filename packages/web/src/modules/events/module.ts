/** The events web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { eventsRoutes } from './routes';
import { eventsMessages } from './i18n';

export const eventsWebModule = defineWebModule({ name: 'events', routes: eventsRoutes, messages: eventsMessages });
