export * from './alert-rules.js';
