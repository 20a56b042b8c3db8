/**
 * Team work web module (M11). Other modules use only these exports:
 * - ActionItemState — an action item's state as a tag.
 */
export { ActionItemState } from './labels';
