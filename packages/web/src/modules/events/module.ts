/** The events web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { eventsRoutes } from './routes';
import { eventsMessages } from './i18n';
import { onsiteMessages } from './i18n-onsite';
import { eventOpsMessages } from './i18n-ops';

export const eventsWebModule = defineWebModule({
  name: 'events',
  routes: eventsRoutes,
  messages: {
    'zh-CN': { ...eventsMessages['zh-CN'], ...eventOpsMessages['zh-CN'], onsite: onsiteMessages['zh-CN'] },
    'en-US': { ...eventsMessages['en-US'], ...eventOpsMessages['en-US'], onsite: onsiteMessages['en-US'] },
  },
});
