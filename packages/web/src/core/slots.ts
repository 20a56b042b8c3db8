/**
 * A place where a module lets later modules add to its pages (the customer page's tabs, say) without
 * importing them: the earlier module declares the slot, a later module's manifest contributes to it,
 * and the composition root (app/modules.ts) fills every slot once, in module order.
 */
export interface SlotContribution<T = unknown> {
  readonly slot: Slot<T>;
  readonly value: T;
}

export interface Slot<T> {
  readonly name: string;
  /** The registered modules' contributions, in module order. */
  values(): readonly T[];
  /** A contribution to this slot, for a later module's manifest. */
  with(value: T): SlotContribution;
  /** Called by fillSlots only. */
  fill(values: readonly T[]): void;
}

export function defineSlot<T>(name: string): Slot<T> {
  let filled: readonly T[] = [];
  const slot: Slot<T> = {
    name,
    values: () => filled,
    with: (value) => ({ slot, value }) as SlotContribution,
    fill: (values) => {
      filled = values;
    },
  };
  return slot;
}

export function fillSlots(contributions: readonly SlotContribution[]): void {
  const bySlot = new Map<Slot<unknown>, unknown[]>();
  for (const { slot, value } of contributions) bySlot.set(slot, [...(bySlot.get(slot) ?? []), value]);
  for (const [slot, values] of bySlot) slot.fill(values);
}
