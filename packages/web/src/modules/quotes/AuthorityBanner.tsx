import { Alert, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuthorityReason, QuoteAuthority, QuoteStatus } from '@xiaoguan/shared';
import { formatCents } from '../../components/MoneyText';

const STATUS_COLORS: Record<QuoteStatus, string> = {
  draft: 'default',
  pending_approval: 'processing',
  approved: 'green',
  rejected: 'red',
  sent: 'blue',
  accepted: 'success',
  declined: 'volcano',
  expired: 'default',
};

export function QuoteStatusTag({ status }: { status: QuoteStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="quote-status">
      {t(`quotes.statuses.${status}`)}
    </Tag>
  );
}

/** One R-QUO-1 reason in words, from its code and numbers (the server decides; the UI only says it). */
export function useReasonText() {
  const { t } = useTranslation();
  return (reason: AuthorityReason): string => {
    switch (reason.code) {
      case 'discount_amount':
        return t('quotes.authority.reasons.discount_amount', {
          discount: formatCents(reason.discountCents),
          threshold: formatCents(reason.thresholdCents),
        });
      case 'discount_percent':
        return t('quotes.authority.reasons.discount_percent', {
          percent: reason.discountPercent.toFixed(2),
          threshold: reason.thresholdPercent,
        });
      case 'discount_policy':
        return t('quotes.authority.reasons.discount_policy', { discount: formatCents(reason.discountCents), policy: reason.policyName });
      case 'below_floor':
        return t('quotes.authority.reasons.below_floor', {
          lines: reason.lines
            .map((l) =>
              l.floorUnitCents === null
                ? t('quotes.authority.floorLineHidden', { lineNo: l.lineNo, code: l.productCode, net: formatCents(l.netUnitCents) })
                : t('quotes.authority.floorLine', {
                    lineNo: l.lineNo,
                    code: l.productCode,
                    net: formatCents(l.netUnitCents),
                    floor: formatCents(l.floorUnitCents),
                  }),
            )
            .join('；'),
        });
      case 'no_policy':
        return t('quotes.authority.reasons.no_policy');
    }
  };
}

/** "Needs approval because …" — the server's R-QUO-1 verdict, translated, with who approves. */
export function AuthorityBanner({
  authority,
  approvedContent,
  compact,
}: {
  authority: QuoteAuthority;
  approvedContent: boolean;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  if (!authority.needsApproval) {
    return compact ? null : <Alert type="success" showIcon title={t('quotes.authority.ok')} data-testid="quote-authority" />;
  }
  const because = `${t('quotes.authority.needs')}${authority.reasons.map(reasonText).join('；')}`;
  const steps = authority.steps.map((step) => t(`common.roles.${step.role}`)).join(' → ');
  if (approvedContent) {
    return <Alert type="success" showIcon title={t('quotes.authority.approved')} description={because} data-testid="quote-authority" />;
  }
  return (
    <Alert
      type={authority.subjectType === 'quote.floor' ? 'error' : 'warning'}
      showIcon
      title={because}
      description={steps ? t('quotes.authority.approvers', { steps }) : undefined}
      data-testid="quote-authority"
    />
  );
}
