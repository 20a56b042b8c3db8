/**
 * R-CHN-1 channel conflict (SPEC §2, 002 渠道管理): an approved deal registration protects its customer
 * for the partner from the day it is approved to `protectedUntil` inclusive (company calendar days).
 * While protected, work on that customer by a direct rep (an interaction or an opportunity by anyone
 * in the company) or a registration by another partner is a conflict; so is a second partner working
 * a customer inside another partner's exclusive territory. Pending, rejected and expired
 * registrations protect nothing. Direct reps are not warned about territories: a territory is
 * exclusive among partners, the company's own sales force sells everywhere.
 */
export interface RegistrationFact {
  id: string;
  partnerId: string;
  partnerName: string;
  customerId: string;
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  /** The company day it was approved (`YYYY-MM-DD`); null while pending. */
  protectedFrom: string | null;
  /** The last protected day, inclusive. */
  protectedUntil: string | null;
}
export interface TerritoryFact {
  partnerId: string;
  partnerName: string;
  regionIds: string[];
  exclusive: boolean;
}
export type ChannelWorker = { kind: 'direct' } | { kind: 'partner'; partnerId: string };

export type ChannelConflict =
  | { kind: 'registered'; registrationId: string; partnerId: string; partnerName: string; protectedUntil: string }
  | { kind: 'territory'; partnerId: string; partnerName: string; regionId: string };

/** Whether a registration protects its customer on `day`. */
export function isProtected(registration: RegistrationFact, day: string): boolean {
  return (
    registration.status === 'approved' &&
    registration.protectedFrom !== null &&
    registration.protectedUntil !== null &&
    day >= registration.protectedFrom &&
    day <= registration.protectedUntil
  );
}

export function channelConflicts(input: {
  worker: ChannelWorker;
  customerId: string;
  /** The region of the customer's team, if any. */
  customerRegionId: string | null;
  day: string;
  registrations: RegistrationFact[];
  territories: TerritoryFact[];
}): ChannelConflict[] {
  const { worker } = input;
  const others = (partnerId: string) => worker.kind === 'direct' || worker.partnerId !== partnerId;
  const conflicts: ChannelConflict[] = input.registrations
    .filter((r) => r.customerId === input.customerId && others(r.partnerId) && isProtected(r, input.day))
    .map((r) => ({
      kind: 'registered',
      registrationId: r.id,
      partnerId: r.partnerId,
      partnerName: r.partnerName,
      protectedUntil: r.protectedUntil!,
    }));
  if (worker.kind === 'partner' && input.customerRegionId) {
    for (const territory of input.territories) {
      if (territory.exclusive && others(territory.partnerId) && territory.regionIds.includes(input.customerRegionId))
        conflicts.push({
          kind: 'territory',
          partnerId: territory.partnerId,
          partnerName: territory.partnerName,
          regionId: input.customerRegionId,
        });
    }
  }
  return conflicts;
}

/** The last protected day of a registration approved on `day` for `days` days (the approval day counts as the first). */
export function protectionEnd(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + (days - 1) * 86_400_000).toISOString().slice(0, 10);
}
