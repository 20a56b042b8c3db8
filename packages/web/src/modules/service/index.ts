/**
 * Service web module (M9). Other modules use only these exports:
 * - SlaTag — the R-SVC-1 timer of a complaint (e.g. a dashboard card, later).
 */
export { SlaTag } from './labels';
