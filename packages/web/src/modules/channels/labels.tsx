import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PartnerTier, RebateStatement, Registration } from '@xiaoguan/shared';

const TIER_COLOURS: Record<PartnerTier, string> = { gold: 'gold', silver: 'default', bronze: 'orange' };
export function TierTag({ tier }: { tier: PartnerTier }) {
  const { t } = useTranslation();
  return <Tag color={TIER_COLOURS[tier]}>{t(`channels.tiers.${tier}`)}</Tag>;
}
const REGISTRATION_COLOURS: Record<Registration['status'], string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
  expired: 'default',
};
export function RegistrationTag({ status }: { status: Registration['status'] }) {
  const { t } = useTranslation();
  return <Tag color={REGISTRATION_COLOURS[status]}>{t(`channels.registrationStatuses.${status}`)}</Tag>;
}
const REBATE_COLOURS: Record<RebateStatement['status'], string> = {
  draft: 'default',
  submitted: 'gold',
  approved: 'green',
  rejected: 'red',
};
export function RebateTag({ status }: { status: RebateStatement['status'] }) {
  const { t } = useTranslation();
  return <Tag color={REBATE_COLOURS[status]}>{t(`channels.rebateStatuses.${status}`)}</Tag>;
}
export const percent = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`);

/** The current calendar quarter, `2026-Q3`, in the browser's clock (the server recomputes in the company zone). */
export function currentQuarter(now = new Date()): string {
  return `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`;
}
export function recentQuarters(count = 6): string[] {
  const list: string[] = [];
  const now = new Date();
  let year = now.getFullYear();
  let quarter = Math.floor(now.getMonth() / 3) + 1;
  for (let i = 0; i < count; i++) {
    list.push(`${year}-Q${quarter}`);
    quarter -= 1;
    if (quarter === 0) {
      quarter = 4;
      year -= 1;
    }
  }
  return list;
}

/** A registration warning stored as `territory:<partner>` / `registered:<partner>`, in words. */
export function useWarningText() {
  const { t } = useTranslation();
  return (warning: string) => {
    const [kind, ...rest] = warning.split(':');
    const partner = rest.join(':');
    return kind === 'territory'
      ? t('channels.registrations.territory', { partner })
      : t('channels.registrations.registeredTo', { partner });
  };
}
