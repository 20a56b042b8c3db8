import { useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Flex, Input, List, Skeleton, Space, Timeline, Typography } from 'antd';
import { CameraOutlined, PaperClipOutlined } from '@ant-design/icons';
import type { ExpenseClaim, OverBudgetLine } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../core/api';
import { translateOr } from '../../core/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText, formatCents } from '../../components/MoneyText';
import { DateTimeText } from '../../components/DateTimeText';
import { PageHeader } from '../../components/PageHeader';
import { useClaim, useClaimAction, useUploadClaimFile } from './api';
import { ClaimStatusTag } from './labels';

function BlockedFigures({ claim }: { claim: ExpenseClaim }) {
  const { t } = useTranslation();
  const lines = claim.blocked ?? [];
  const describe = (line: OverBudgetLine) =>
    line.budgetId
      ? t('expenses.blocked.line', {
          category: line.category,
          budget: formatCents(line.budgetCents),
          committed: formatCents(line.committedCents),
          spent: formatCents(line.spentCents),
          request: formatCents(line.requestCents),
          over: formatCents(line.overByCents),
        })
      : t('expenses.blocked.noBudget', { category: line.category, request: formatCents(line.requestCents) });
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="blocked-figures">
      {lines.map((line) => (
        <li key={`${line.category}-${line.budgetId ?? 'none'}`}>{describe(line)}</li>
      ))}
    </ul>
  );
}

/** One claim: items, invoices, the R-EXP-2 block and over-budget request, review and payment, its whole history. */
export default function ClaimPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const claimQuery = useClaim(id);
  const action = useClaimAction(id);
  const upload = useUploadClaimFile(id);
  const fileInput = useRef<HTMLInputElement>(null);
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [paidOn, setPaidOn] = useState(new Date().toISOString().slice(0, 10));
  const [reference, setReference] = useState('');
  const [error, setError] = useState<unknown>(null);
  const claim = claimQuery.data;
  if (claimQuery.error) return <ErrorAlert error={claimQuery.error} onReload={() => void claimQuery.refetch()} />;
  if (!claim) return <Skeleton active />;

  const run = async (name: 'submit' | 'review' | 'pay' | 'over-budget', body: Record<string, unknown>, done: string) => {
    setError(null);
    try {
      await action.mutateAsync({ action: name, body: { ...body, version: claim.version } });
      message.success(done);
      setComment('');
    } catch (failure) {
      setError(failure);
      void claimQuery.refetch();
    }
  };
  const needsReason = !comment.trim();

  return (
    <div style={{ maxWidth: 900 }}>
      <PageHeader
        title={
          <Space wrap>
            {claim.title}
            <ClaimStatusTag claim={claim} />
          </Space>
        }
        subtitle={`${claim.number} · ${claim.claimantName}${claim.orgUnitName ? ` · ${claim.orgUnitName}` : ''}`}
      />
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      {claim.blocked ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('expenses.blocked.title')}
          data-testid="blocked-alert"
          description={
            <>
              <BlockedFigures claim={claim} />
              {claim.overBudgetStatus === 'pending' ? (
                <Typography.Paragraph style={{ margin: '8px 0 0' }}>{t('expenses.blocked.pending')}</Typography.Paragraph>
              ) : null}
              {claim.abilities.requestOverBudget ? (
                <Flex gap={8} wrap style={{ marginTop: 8 }}>
                  <Input
                    placeholder={t('expenses.fields.reason')}
                    value={reason}
                    onChange={(event) => setReason(event.target.value)}
                    style={{ flex: '1 1 200px' }}
                    data-testid="over-budget-reason"
                  />
                  <Button
                    danger
                    disabled={reason.trim().length < 2}
                    loading={action.isPending}
                    onClick={() => void run('over-budget', { reason }, t('expenses.blocked.asked'))}
                    data-testid="over-budget-request"
                  >
                    {t('expenses.blocked.ask')}
                  </Button>
                  <Typography.Text type="secondary" style={{ width: '100%', fontSize: 12 }}>
                    {t('expenses.blocked.askHint')}
                  </Typography.Text>
                </Flex>
              ) : null}
            </>
          }
        />
      ) : null}
      {claim.overBudgetStatus === 'approved' && claim.status === 'draft' ? (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} message={t('expenses.blocked.granted')} />
      ) : null}

      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('expenses.claims.total')}>
            <MoneyText cents={claim.totalCents} />
          </Descriptions.Item>
          <Descriptions.Item label={t('expenses.fields.submittedAt')}>
            <DateTimeText value={claim.submittedAt} />
          </Descriptions.Item>
          {claim.paidOn ? <Descriptions.Item label={t('expenses.fields.paidOn')}>{claim.paidOn}</Descriptions.Item> : null}
          {claim.paymentReference ? (
            <Descriptions.Item label={t('expenses.fields.reference')}>{claim.paymentReference}</Descriptions.Item>
          ) : null}
          {claim.overBudgetStatus !== 'none' ? (
            <Descriptions.Item label={t('expenses.fields.reason')}>
              {t(`expenses.overBudget.${claim.overBudgetStatus}`)}
              {claim.overBudgetReason ? `：${claim.overBudgetReason}` : ''}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      <Card size="small" title={t('expenses.claims.lines')} style={{ marginBottom: 12 }}>
        <List
          dataSource={claim.lines}
          renderItem={(line) => (
            <List.Item data-testid="claim-line">
              <Flex justify="space-between" gap={8} style={{ width: '100%' }} wrap>
                <div style={{ minWidth: 0 }}>
                  <Typography.Text strong>{line.category}</Typography.Text> · {line.spentOn}
                  <div>{line.purpose}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {line.invoiceNumber ? `${t('expenses.fields.invoiceNumber')} ${line.invoiceNumber}` : ''}
                    {line.customerName ? ` · ${line.customerName}` : ''}
                  </Typography.Text>
                </div>
                <MoneyText cents={line.amountCents} />
              </Flex>
            </List.Item>
          )}
        />
      </Card>

      <Card
        size="small"
        title={t('expenses.claims.files')}
        style={{ marginBottom: 12 }}
        extra={
          claim.abilities.attach ? (
            <>
              <input
                ref={fileInput}
                type="file"
                accept="image/*,application/pdf"
                capture="environment"
                hidden
                data-testid="attach-input"
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  if (file) upload.mutate(file, { onError: setError });
                }}
              />
              <Button size="small" icon={<CameraOutlined />} loading={upload.isPending} onClick={() => fileInput.current?.click()}>
                {t('expenses.claims.attach')}
              </Button>
            </>
          ) : null
        }
      >
        {claim.files.length ? (
          <Flex gap={12} wrap>
            {claim.files.map((file) =>
              file.mimeType.startsWith('image/') ? (
                <a key={file.id} href={apiUrl(`/expense-claim-files/${file.id}`)} target="_blank" rel="noreferrer">
                  <img
                    src={apiUrl(`/expense-claim-files/${file.id}`)}
                    alt={file.fileName}
                    style={{ width: 96, height: 96, objectFit: 'cover', borderRadius: 6, border: '1px solid #eee' }}
                  />
                </a>
              ) : (
                <a key={file.id} href={apiUrl(`/expense-claim-files/${file.id}`)} target="_blank" rel="noreferrer">
                  <PaperClipOutlined /> {file.fileName}
                </a>
              ),
            )}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('expenses.claims.noFiles')}</Typography.Text>
        )}
      </Card>

      {claim.abilities.submit ? (
        <Button
          type="primary"
          size="large"
          block
          style={{ marginBottom: 12 }}
          loading={action.isPending}
          onClick={() => void run('submit', {}, t('expenses.claims.submitted'))}
          data-testid="claim-page-submit"
        >
          {t('expenses.claims.submit')}
        </Button>
      ) : null}

      {claim.abilities.review ? (
        <Card size="small" title={t(`expenses.stages.${claim.stage ?? 'supervisor'}`)} style={{ marginBottom: 12 }}>
          <Input.TextArea
            rows={2}
            placeholder={t('expenses.fields.comment')}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            data-testid="review-comment"
          />
          <Flex gap={8} wrap style={{ marginTop: 8 }}>
            <Button
              type="primary"
              loading={action.isPending}
              onClick={() => void run('review', { decision: 'approve', comment: comment || undefined }, t('expenses.review.done'))}
              data-testid="review-approve"
            >
              {t('expenses.review.approve')}
            </Button>
            {claim.stage === 'supervisor' ? (
              <Button
                disabled={needsReason}
                onClick={() => void run('review', { decision: 'return', comment }, t('expenses.review.done'))}
                data-testid="review-return"
              >
                {t('expenses.review.return')}
              </Button>
            ) : null}
            <Button
              danger
              disabled={needsReason}
              onClick={() => void run('review', { decision: 'reject', comment }, t('expenses.review.done'))}
              data-testid="review-reject"
            >
              {t('expenses.review.reject')}
            </Button>
            {needsReason ? (
              <Typography.Text type="secondary" style={{ alignSelf: 'center', fontSize: 12 }}>
                {t('expenses.review.commentRequired')}
              </Typography.Text>
            ) : null}
          </Flex>
        </Card>
      ) : null}

      {claim.abilities.pay ? (
        <Card size="small" title={t('expenses.review.pay')} style={{ marginBottom: 12 }}>
          <Flex gap={8} wrap>
            <Input
              type="date"
              value={paidOn}
              onChange={(event) => setPaidOn(event.target.value)}
              style={{ width: 170 }}
              aria-label={t('expenses.fields.paidOn')}
            />
            <Input
              placeholder={t('expenses.fields.reference')}
              value={reference}
              onChange={(event) => setReference(event.target.value)}
              style={{ flex: '1 1 160px' }}
              data-testid="pay-reference"
            />
            <Button
              type="primary"
              disabled={!reference.trim()}
              onClick={() => void run('pay', { paidOn, reference }, t('expenses.review.paid'))}
              data-testid="pay-submit"
            >
              {t('expenses.review.pay')}
            </Button>
          </Flex>
        </Card>
      ) : null}

      <Card size="small" title={t('expenses.claims.history')}>
        <Timeline
          items={claim.history.map((entry) => ({
            children: (
              <>
                <Typography.Text strong>
                  {translateOr(`expenses.history.${entry.action.replace('.', '_').replace(' (delegate)', '')}`, entry.action)}
                </Typography.Text>
                {entry.stepNo ? (
                  <Typography.Text type="secondary">{` · ${t('expenses.history.step', { step: entry.stepNo })}`}</Typography.Text>
                ) : null}
                <div style={{ fontSize: 12 }}>
                  {entry.actorName ?? ''} · <DateTimeText value={entry.at} />
                </div>
                {entry.comment ? <div>{entry.comment}</div> : null}
              </>
            ),
          }))}
        />
      </Card>
    </div>
  );
}
