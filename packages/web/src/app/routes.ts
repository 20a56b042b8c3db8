import type { ModuleRoute } from '../core/moduleRoute';
import { WEB_MODULES } from './modules';

/** Every module's pages, in menu order of their groups: from the module list, no autoloading. */
export const MODULE_ROUTES: readonly ModuleRoute[] = WEB_MODULES.flatMap((module) => module.routes);
