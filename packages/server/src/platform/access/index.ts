export * from './actor.js';
export * from './access.js';
export * from './masking.js';
