/** Market web module (M10 market intelligence). Nothing is used by other modules yet; the manifest is module.ts. */
export {};
