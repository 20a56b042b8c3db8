/**
 * Events web module (M3). Other modules use only these exports:
 * - useEvents — events in the caller's scope (e.g. "invite to event" on the customer page, later).
 * - QrScanner — camera QR reading (training attendance reuses the check-in mechanism).
 */
export { useEvents } from './api';
export { QrScanner } from './QrScanner';
