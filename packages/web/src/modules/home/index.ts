/** Home web module: what later modules use of it (the manifest is module.ts). */
export { homeCards, type HomeCard } from './slots';
