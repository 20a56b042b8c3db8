/** The home web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { homeRoutes } from './routes';
import { homeMessages } from './i18n';

export const homeWebModule = defineWebModule({ name: 'home', routes: homeRoutes, messages: homeMessages });
