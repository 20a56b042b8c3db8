/** Home module: the per-role counts of the home page. Other modules import only this file. */
import { defineModule } from '../../platform/manifest/index.js';
import { homeRoutes } from './home.routes.js';

export { homeRoutes };

export const homeModule = defineModule({ name: 'home', dependsOn: ['org'], routes: [homeRoutes] });
