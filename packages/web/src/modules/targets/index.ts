/** Targets web module: nothing for other modules yet (the manifest is module.ts). */
export {};
