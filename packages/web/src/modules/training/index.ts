/**
 * Training web module (M8). Other modules use only these exports:
 * - AttemptTag — an exam result (R-TRN-1) as a tag (e.g. a review's skills line, later).
 */
export { AttemptTag } from './labels';
