/** Search web module: the header's global search, recent items, favourites and shortcut help (the manifest is module.ts). */
export { HeaderTools } from './HeaderTools';
