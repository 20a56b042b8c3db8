/**
 * Internal audit web module (M12). Other modules use only these exports:
 * - SeverityTag — a finding's severity as a tag.
 */
export { SeverityTag } from './labels';
