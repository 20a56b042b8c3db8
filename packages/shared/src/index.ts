export * from './roles.js';
export * from './errors.js';
export * from './common.js';
export * from './auth.js';
export * from './org.js';
export * from './audit.js';
export * from './approvals.js';
export * from './home.js';
