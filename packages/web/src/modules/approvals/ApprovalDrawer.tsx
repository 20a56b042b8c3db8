import type { CSSProperties } from 'react';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { App, Button, Descriptions, Divider, Drawer, Empty, Flex, Input, Popconfirm, Skeleton, Steps, Timeline, Typography } from 'antd';
import type { StepsProps } from 'antd';
import { CheckOutlined, CloseOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApprovalRequest } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { useTimeZone } from '../../core/session';
import { formatDateTime } from '../../core/time';
import { AbilityGate } from '../../components/AbilityGate';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText } from '../../components/MoneyText';
import { useIsPhone } from '../../components/useMediaQuery';
import { useApproval, useCancelApproval, useDecide } from './api';
import { ApprovalStatusTag, detailLabel, formatPercent, historyLabel, subjectLabel } from './labels';
import { approvalFigures } from './figures';

type StepItem = NonNullable<StepsProps['items']>[number];
const STEP_STATUS: Record<ApprovalRequest['steps'][number]['status'], StepItem['status']> = {
  waiting: 'wait',
  pending: 'process',
  approved: 'finish',
  rejected: 'error',
  skipped: 'wait',
};

/** One detail value by the key's convention: `…Cents` money, `…Bp` basis points, arrays one item a line. */
function DetailValue({ name, value }: { name: string; value: unknown }): ReactNode {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) {
    if (!value.length) return '—';
    return (
      <Flex vertical gap={2}>
        {value.map((item, i) => (
          <span key={i}>
            {typeof item === 'object' && item !== null ? <DetailRecord record={item as Record<string, unknown>} /> : String(item)}
          </span>
        ))}
      </Flex>
    );
  }
  if (typeof value === 'number' && name.endsWith('Cents')) return <MoneyText cents={value} />;
  if (typeof value === 'number' && name.endsWith('Bp')) return `${(value / 100).toFixed(2)}%`;
  if (typeof value === 'object') return <DetailRecord record={value as Record<string, unknown>} />;
  return String(value);
}

function DetailRecord({ record }: { record: Record<string, unknown> }) {
  return (
    <Flex gap={8} wrap>
      {Object.entries(record).map(([key, item]) => (
        <span key={key}>
          <Typography.Text type="secondary">{detailLabel(key)}: </Typography.Text>
          <DetailValue name={key} value={item} />
        </span>
      ))}
    </Flex>
  );
}

function Decision({ request }: { request: ApprovalRequest }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const decide = useDecide();
  const cancel = useCancelApproval();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const detail = useApproval(request.id);

  const run = (decision: 'approve' | 'reject') => {
    setError(null);
    const trimmed = comment.trim();
    // The server says so too (field body.comment); this saves a round trip.
    if (decision === 'reject' && !trimmed) {
      setCommentError(t('approvals.detail.rejectNeedsComment'));
      return;
    }
    setCommentError(null);
    decide.mutate(
      { id: request.id, decision, comment: trimmed || undefined, version: request.version },
      {
        onSuccess: () => {
          message.success(decision === 'approve' ? t('approvals.detail.approved') : t('approvals.detail.rejected'));
          setComment('');
        },
        onError: (failure) => {
          if (isApiError(failure) && failure.formField === 'comment') setCommentError(t('approvals.detail.rejectNeedsComment'));
          else setError(failure);
        },
      },
    );
  };

  const canDecide = request.abilities.approve || request.abilities.reject;
  if (!canDecide && !request.abilities.cancel) return null;
  // Issue 16: the decision stays in view at the bottom of the drawer, however long the figures are.
  return (
    <div data-testid="approval-decision" style={DECISION_STYLE}>
      <Divider style={{ marginTop: 0 }} />
      <ErrorAlert
        error={error}
        onReload={isApiError(error) && error.code === 'conflict' ? () => void detail.refetch().then(() => setError(null)) : undefined}
      />
      {canDecide ? (
        <>
          <Typography.Text strong>{t('approvals.detail.comment')}</Typography.Text>
          <Input.TextArea
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            placeholder={t('approvals.detail.commentPlaceholder')}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={1000}
            status={commentError ? 'error' : undefined}
            style={{ marginTop: 8 }}
            data-testid="approval-comment"
          />
          {commentError ? <Typography.Text type="danger">{commentError}</Typography.Text> : null}
        </>
      ) : null}
      <Flex gap={8} wrap justify="flex-end" style={{ marginTop: 12 }}>
        <AbilityGate abilities={request.abilities} ability="cancel">
          <Popconfirm
            title={t('approvals.detail.cancelConfirm')}
            onConfirm={() =>
              cancel.mutate(
                { id: request.id, version: request.version },
                { onSuccess: () => message.success(t('approvals.detail.cancelled')), onError: setError },
              )
            }
          >
            <Button icon={<RollbackOutlined />} loading={cancel.isPending} data-testid="approval-cancel">
              {t('approvals.detail.cancel')}
            </Button>
          </Popconfirm>
        </AbilityGate>
        <AbilityGate abilities={request.abilities} ability="reject">
          <Button
            danger
            icon={<CloseOutlined />}
            loading={decide.isPending && decide.variables?.decision === 'reject'}
            onClick={() => run('reject')}
            data-testid="approval-reject"
          >
            {t('approvals.detail.reject')}
          </Button>
        </AbilityGate>
        <AbilityGate abilities={request.abilities} ability="approve">
          <Button
            type="primary"
            icon={<CheckOutlined />}
            loading={decide.isPending && decide.variables?.decision === 'approve'}
            onClick={() => run('approve')}
            data-testid="approval-approve"
          >
            {t('approvals.detail.approve')}
          </Button>
        </AbilityGate>
      </Flex>
    </div>
  );
}

const DECISION_STYLE: CSSProperties = {
  position: 'sticky',
  bottom: -24,
  zIndex: 2,
  marginTop: 24,
  paddingBottom: 24,
  background: '#fff',
  boxShadow: '0 -8px 12px -8px rgba(0, 0, 0, 0.12)',
};

function ApprovalBody({ request }: { request: ApprovalRequest }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const details = Object.entries(request.details);
  return (
    <>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {request.title}
        </Typography.Title>
        <ApprovalStatusTag status={request.status} />
      </Flex>
      <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
        <Descriptions.Item label={t('approvals.columns.subjectType')}>
          {subjectLabel(request.subjectType)}
          {request.subjectLink ? (
            <Link to={request.subjectLink} style={{ marginInlineStart: 8 }} data-testid="approval-subject-link">
              {t('approvals.detail.openSubject')}
            </Link>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('approvals.detail.requester')}>{request.requesterName}</Descriptions.Item>
        <Descriptions.Item label={t('approvals.detail.amount')}>
          <MoneyText cents={approvalFigures(request).amountCents} />
        </Descriptions.Item>
        {approvalFigures(request).discountCents !== null ? (
          <Descriptions.Item label={t('approvals.columns.discount')}>
            <MoneyText cents={approvalFigures(request).discountCents} />
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('approvals.detail.percent')}>{formatPercent(request.percent)}</Descriptions.Item>
        <Descriptions.Item label={t('approvals.detail.createdAt')}>
          <DateTimeText value={request.createdAt} />
        </Descriptions.Item>
        <Descriptions.Item label={t('approvals.detail.decidedAt')}>
          <DateTimeText value={request.decidedAt} />
        </Descriptions.Item>
      </Descriptions>
      {details.length ? (
        <>
          <Divider titlePlacement="start">{t('approvals.detail.details')}</Divider>
          <Descriptions column={1} size="small">
            {details.map(([key, value]) => (
              <Descriptions.Item key={key} label={detailLabel(key)}>
                <DetailValue name={key} value={value} />
              </Descriptions.Item>
            ))}
          </Descriptions>
        </>
      ) : null}
      <Divider titlePlacement="start">{t('approvals.detail.steps')}</Divider>
      <Steps
        orientation="vertical"
        size="small"
        data-testid="approval-steps"
        items={request.steps.map((step) => {
          const role = t(`common.roles.${step.role}`);
          const lines = [
            t(`approvals.stepStatus.${step.status}`),
            step.approverName
              ? t('approvals.detail.approver', { name: step.approverName })
              : step.mode === 'any'
                ? t('approvals.detail.anyApprover', { role })
                : null,
            step.decidedByName && step.decidedAt
              ? t('approvals.detail.decidedBy', { name: step.decidedByName, at: formatDateTime(step.decidedAt, timeZone) })
              : null,
          ].filter(Boolean);
          return {
            title: t('approvals.detail.stepTitle', { no: step.stepNo, role }),
            status: STEP_STATUS[step.status],
            content: (
              <div>
                <div>{lines.join(' · ')}</div>
                {step.comment ? <Typography.Text type="secondary">“{step.comment}”</Typography.Text> : null}
              </div>
            ),
          };
        })}
      />
      <Divider titlePlacement="start">{t('approvals.detail.history')}</Divider>
      <Timeline
        data-testid="approval-history"
        items={request.history.map((event, index) => ({
          key: index,
          color: event.action.startsWith('rejected') ? 'red' : event.action.startsWith('approved') ? 'green' : 'blue',
          title: formatDateTime(event.at, timeZone),
          content: (
            <div>
              <Typography.Text strong>{event.actorName ?? '—'}</Typography.Text> {historyLabel(event.action)}
              {event.comment ? (
                <div>
                  <Typography.Text type="secondary">“{event.comment}”</Typography.Text>
                </div>
              ) : null}
            </div>
          ),
        }))}
      />
      <Decision request={request} />
    </>
  );
}

/** One approval request: figures, steps, history, and the decision when it is mine to make. */
export function ApprovalDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const request = useApproval(id);
  const notFound = isApiError(request.error) && (request.error.status === 404 || request.error.status === 403);
  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      size={isPhone ? '100%' : 600}
      title={t('approvals.detail.title')}
      data-testid="approval-drawer"
    >
      {request.isPending ? (
        <Skeleton active />
      ) : notFound ? (
        <Empty description={t('approvals.detail.notFound')} />
      ) : request.error ? (
        <ErrorAlert error={request.error} onReload={() => void request.refetch()} />
      ) : request.data ? (
        <ApprovalBody request={request.data} />
      ) : null}
    </Drawer>
  );
}
