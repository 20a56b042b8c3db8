/** Notifications web module: what other modules and the composition root use of it (the manifest is module.ts). */
export { NotificationBell } from './NotificationBell';
