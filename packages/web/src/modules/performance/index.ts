/**
 * Performance web module (M6). Other modules use only these exports:
 * - GradeTag — an A/B/C/D review grade.
 */
export { GradeTag } from './labels';
