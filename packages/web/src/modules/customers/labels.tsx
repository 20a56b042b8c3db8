import type { ReactNode } from 'react';
import { Tag, Tooltip } from 'antd';
import {
  CalendarOutlined,
  ClockCircleOutlined,
  MailOutlined,
  MessageOutlined,
  PhoneOutlined,
  TeamOutlined,
  WechatOutlined,
  CarOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  CUSTOMER_KINDS,
  CUSTOMER_SOURCES,
  CUSTOMER_STATUSES,
  DECISION_ROLES,
  GENDERS,
  INTERACTION_TYPES,
  SEGMENTS,
  TIERS,
  type CustomerListItem,
  type CustomerKind,
  type CustomerStatus,
  type InteractionType,
  type Segment,
  type Tier,
} from '@xiaoguan/shared';
import { translateOr } from '../../core/i18n';
import { useTimeZone } from '../../core/session';
import { formatDate, inZone } from '../../core/time';

export const TIER_COLORS: Record<Tier, string> = { A: 'volcano', B: 'gold', C: 'default' };
/** The tier as a solid colour (avatars, accents). */
export const TIER_HEX: Record<Tier, string> = { A: '#d4380d', B: '#d48806', C: '#8c9bb5' };
const STATUS_COLORS: Record<CustomerStatus, string> = {
  lead: 'default',
  intent: 'processing',
  signed: 'success',
  repeat: 'cyan',
  dormant: 'warning',
  lost: 'error',
};
const SEGMENT_COLORS: Record<Segment, string> = {
  vip: 'magenta',
  potential: 'geekblue',
  stable: 'green',
  low_value: 'default',
  dormant: 'orange',
};
const TAG_STYLE = { marginInlineEnd: 0 } as const;

export const INTERACTION_ICONS: Record<InteractionType, ReactNode> = {
  visit: <CarOutlined />,
  call: <PhoneOutlined />,
  sms: <MessageOutlined />,
  email: <MailOutlined />,
  wechat: <WechatOutlined />,
  meeting: <TeamOutlined />,
};

export const INTERACTION_COLORS: Record<InteractionType, string> = {
  visit: '#d4380d',
  call: '#1f4fa3',
  sms: '#08979c',
  email: '#531dab',
  wechat: '#389e0d',
  meeting: '#d48806',
};

export function TierTag({ tier }: { tier: Tier }) {
  const { t } = useTranslation();
  return (
    <Tag color={TIER_COLORS[tier]} style={TAG_STYLE} data-testid="tier-tag">
      {t(`customers.tierTag.${tier}`)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: CustomerStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} style={TAG_STYLE}>
      {t(`customers.statuses.${status}`)}
    </Tag>
  );
}

export function SegmentTag({ segment }: { segment: Segment | null }) {
  const { t } = useTranslation();
  if (!segment) return <span style={{ color: 'rgba(0,0,0,0.35)' }}>—</span>;
  return (
    <Tag color={SEGMENT_COLORS[segment]} style={TAG_STYLE}>
      {t(`customers.segments.${segment}`)}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: CustomerKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={kind === 'organization' ? 'blue' : 'purple'} variant="outlined" style={TAG_STYLE}>
      {t(`customers.kinds.${kind}`)}
    </Tag>
  );
}

/**
 * The last calendar day (company time) a qualifying contact keeps the customer current:
 * `cadence.dueAt` is the instant it becomes overdue (the start of the next day).
 */
export function lastCurrentDay(dueAt: string, timeZone: string): string {
  return formatDate(new Date(new Date(dueAt).getTime() - 1), timeZone);
}

/** Whole calendar days from today (company time) to the last current day. */
function daysLeft(dueAt: string, timeZone: string): number {
  const last = inZone(new Date(new Date(dueAt).getTime() - 1), timeZone).startOf('day');
  const today = inZone(new Date(), timeZone).startOf('day');
  return Math.max(0, Math.round(last.diff(today, 'day', true)));
}

/** R-CUS-1: red "overdue N days" past the cadence, else when the next contact is due. */
export function CadenceBadge({ customer, compact = false }: { customer: CustomerListItem; compact?: boolean }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const { cadence } = customer;
  if (customer.inPool) return <Tag style={TAG_STYLE}>{t('customers.cadence.inPool')}</Tag>;
  const tooltip = cadence.dueAt
    ? t('customers.cadence.tooltip', { tier: customer.tier, days: cadence.days, date: lastCurrentDay(cadence.dueAt, timeZone) })
    : t('customers.cadence.every', { days: cadence.days });
  if (cadence.overdue) {
    return (
      <Tooltip title={tooltip}>
        <Tag color="error" icon={<ClockCircleOutlined />} style={TAG_STYLE} data-testid="cadence-overdue">
          {t('customers.cadence.overdue', { count: cadence.overdueDays })}
        </Tag>
      </Tooltip>
    );
  }
  if (!cadence.dueAt) return <span>—</span>;
  const days = daysLeft(cadence.dueAt, timeZone);
  const label = days === 0 ? t('customers.cadence.dueToday') : t('customers.cadence.dueIn', { count: days });
  if (days <= 3) {
    return (
      <Tooltip title={tooltip}>
        <Tag color="warning" icon={<CalendarOutlined />} style={TAG_STYLE}>
          {label}
        </Tag>
      </Tooltip>
    );
  }
  if (compact) return null;
  return (
    <Tooltip title={tooltip}>
      <span style={{ color: 'rgba(0,0,0,0.5)', fontSize: 12, whiteSpace: 'nowrap' }}>
        <CalendarOutlined style={{ marginInlineEnd: 4 }} />
        {label}
      </span>
    </Tooltip>
  );
}

export function InteractionTypeTag({ type }: { type: InteractionType }) {
  const { t } = useTranslation();
  return (
    <Tag icon={INTERACTION_ICONS[type]} color={INTERACTION_COLORS[type]} style={TAG_STYLE}>
      {t(`customers.interactionTypes.${type}`)}
    </Tag>
  );
}

/** Select options of an enum, translated under `customers.<group>.<value>`. */
function optionsOf<T extends string>(t: TFunction, values: readonly T[], group: string) {
  return values.map((value) => ({ value, label: t(`customers.${group}.${value}`) }));
}

export function enumOptions(t: TFunction) {
  return {
    kinds: optionsOf(t, CUSTOMER_KINDS, 'kinds'),
    tiers: optionsOf(t, TIERS, 'tierTag'),
    statuses: optionsOf(t, CUSTOMER_STATUSES, 'statuses'),
    segments: optionsOf(t, SEGMENTS, 'segments'),
    sources: optionsOf(t, CUSTOMER_SOURCES, 'sources'),
    genders: optionsOf(t, GENDERS, 'genders'),
    decisionRoles: optionsOf(t, DECISION_ROLES, 'decisionRoles'),
    interactionTypes: optionsOf(t, INTERACTION_TYPES, 'interactionTypes'),
    sizes: optionsOf(t, ['1-49', '50-199', '200-999', '1000+'] as const, 'sizes'),
  };
}

/** A label for a value the server may extend (sizes, order sources): translated when known. */
export function labelOr(group: string, value: string | null | undefined): string {
  if (!value) return '—';
  return translateOr(`customers.${group}.${value}`, value);
}

/** "1.2 MB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
