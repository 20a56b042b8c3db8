/**
 * Identity: the people and the org tree every other part resolves access, approvers and recipients
 * against. The tables live here, under the platform, so auth, approvals and notifications read them
 * without reaching up into a module; the org module owns their routes and the rules for changing them.
 */
export { orgUnits, users, supportAssignments } from './identity.schema.js';
