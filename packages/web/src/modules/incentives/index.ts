/** Incentives web module (M6 commission and honours). Nothing is used by other modules yet; the manifest is module.ts. */
export {};
