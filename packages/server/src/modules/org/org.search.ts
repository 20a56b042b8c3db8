import { sql } from 'drizzle-orm';
import { defineSearchable, searchField } from '../../platform/search/index.js';
import { users } from '../../platform/identity/index.js';
import { usersAccess } from './org.access.js';

/** Global search (issue 16): people by name or user name, within the caller's read scope of users. */
export const userSearchable = defineSearchable({
  type: 'user',
  can: (actor) => usersAccess.can(actor, 'read'),
  from: sql`${users}`,
  id: users.id,
  title: users.displayName,
  subtitle: users.username,
  scope: (ctx) => usersAccess.where(ctx.actor, 'read', users.id),
  fields: [searchField.text(users.displayName), searchField.code(users.username)],
});
