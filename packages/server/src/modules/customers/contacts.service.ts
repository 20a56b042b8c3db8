/** Contacts of an organisation customer (R-SEC-1 masking like the customer's). */
import { asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { contactInputSchema, contactUpdateSchema } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { conflict, notFound } from '../../platform/errors.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { isInReportingLine, maskEmail, maskPhone } from '../../platform/access/index.js';
import { customerContacts } from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { loadCustomerRow } from './customers.service.js';
import { writableCustomer } from './customer-in-scope.js';

function presentContact(row: typeof customerContacts.$inferSelect, visible: boolean) {
  return {
    id: row.id,
    customerId: row.customerId,
    name: row.name,
    title: row.title,
    decisionRole: row.decisionRole,
    phone: visible ? row.phone : maskPhone(row.phone),
    email: visible ? row.email : maskEmail(row.email),
    wechat: visible ? row.wechat : row.wechat ? '***' : null,
    isPrimary: row.isPrimary,
    version: row.version,
  };
}

/** Contacts of a customer; their details are masked like the customer's (R-SEC-1). */
export async function listContacts(ctx: Ctx, customerId: string) {
  const row = await loadCustomerRow(ctx, customerId);
  const visible = isInReportingLine(ctx.actor, row.ownerLinePath);
  const rows = await ctx.db
    .select()
    .from(customerContacts)
    .where(eq(customerContacts.customerId, customerId))
    .orderBy(desc(customerContacts.isPrimary), asc(customerContacts.name));
  return rows.map((contact) => presentContact(contact, visible));
}

export async function addContact(ctx: Ctx, customerId: string, input: z.infer<typeof contactInputSchema>) {
  customersAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const row = await writableCustomer(ctx, tx, customerId);
    if (input.isPrimary) await tx.update(customerContacts).set({ isPrimary: false }).where(eq(customerContacts.customerId, customerId));
    const [created] = await tx
      .insert(customerContacts)
      .values({ ...input, customerId })
      .returning();
    await ctx.audit(tx, {
      action: 'create',
      entity: 'customer_contacts',
      entityId: created!.id,
      changes: diffChanges(null, input),
      summary: row.customer.name,
    });
    return presentContact(created!, true);
  });
}

export async function updateContact(ctx: Ctx, id: string, input: z.infer<typeof contactUpdateSchema>) {
  customersAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(customerContacts).where(eq(customerContacts.id, id)).for('update');
    if (!before) throw notFound('contact');
    await writableCustomer(ctx, tx, before.customerId);
    if (before.version !== input.version) throw conflict();
    const { version: _v, ...fields } = input;
    if (fields.isPrimary)
      await tx.update(customerContacts).set({ isPrimary: false }).where(eq(customerContacts.customerId, before.customerId));
    const [after] = await tx
      .update(customerContacts)
      .set({ ...fields, updatedAt: ctx.now, version: sql`${customerContacts.version} + 1` })
      .where(eq(customerContacts.id, id))
      .returning();
    await ctx.audit(tx, { action: 'update', entity: 'customer_contacts', entityId: id, changes: diffChanges(before, after!) });
    return presentContact(after!, true);
  });
}

export async function deleteContact(ctx: Ctx, id: string) {
  customersAccess.require(ctx.actor, 'write');
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(customerContacts).where(eq(customerContacts.id, id)).for('update');
    if (!before) throw notFound('contact');
    await writableCustomer(ctx, tx, before.customerId);
    await tx.delete(customerContacts).where(eq(customerContacts.id, id));
    await ctx.audit(tx, { action: 'delete', entity: 'customer_contacts', entityId: id, changes: diffChanges(before, null) });
  });
}
