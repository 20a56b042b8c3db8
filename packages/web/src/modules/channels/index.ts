/** Channels web module (M10 channel partners). Nothing is used by other modules yet; the manifest is module.ts. */
export {};
