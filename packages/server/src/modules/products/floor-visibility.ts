import { unlessPermitted, type Actor } from '../../platform/access/index.js';
import { productsAccess } from './products.access.js';

/** Issue 16: whether the actor sees floor prices (the `products.floor` field permission). */
export function seesFloor(actor: Actor): boolean {
  return productsAccess.can(actor, 'floor');
}

/** A floor price as the actor may see it: the number, or null. */
export function floorFor(actor: Actor, cents: number): number | null;
export function floorFor(actor: Actor, cents: number | null): number | null;
export function floorFor(actor: Actor, cents: number | null): number | null {
  return unlessPermitted(seesFloor(actor), cents);
}
