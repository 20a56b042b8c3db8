import type { TargetMetric } from '@xiaoguan/shared';
import { formatCents } from '../../components/MoneyText';

const count = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

/** A metric's figure as shown: money for bookings and collections, a count for new customers. */
export function formatMetric(metric: TargetMetric, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return metric === 'newCustomers' ? count.format(value) : formatCents(value);
}

export const isMoney = (metric: TargetMetric) => metric !== 'newCustomers';

export const percent = (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`);
