import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { App, Button, Card, Descriptions, Flex, Input, Skeleton, Space, Table, Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import type { StatementLine } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { MoneyText } from '../../components/MoneyText';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiUrl } from '../../core/api';
import { useStatement, useStatementAction } from './api';
import { StatementStatusTag, percentText } from './labels';

/** One month's statement: how it was computed (tiers, contracts credited), submit, approve or reject, PDF. */
export default function StatementPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const query = useStatement(id);
  const action = useStatementAction(id);
  const [comment, setComment] = useState('');
  const s = query.data;
  if (query.error) return <ErrorAlert error={query.error} onReload={() => void query.refetch()} />;
  if (!s) return <Skeleton active />;

  const act = (name: 'submit' | 'review', body: Record<string, unknown>, done: string) =>
    action.mutate(
      { action: name, body: { ...body, version: s.version } },
      {
        onSuccess: () => {
          void message.success(done);
          setComment('');
        },
      },
    );

  return (
    <div style={{ maxWidth: 960 }}>
      <PageHeader
        title={
          <Space wrap>
            {`${s.userName} · ${s.period}`}
            <StatementStatusTag statement={s} />
          </Space>
        }
        subtitle={`${s.planName} · ${t(`incentives.methods.${s.method}`)}`}
        extra={
          <Button
            icon={<FilePdfOutlined />}
            href={apiUrl(`/commission-statements/${s.id}/pdf`, { lang: i18n.language })}
            target="_blank"
            data-testid="statement-pdf"
          >
            {t('incentives.statement.pdf')}
          </Button>
        }
      />
      <ErrorAlert error={action.error} style={{ marginBottom: 12 }} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label={t(`incentives.bases.${s.base}`)}>
            <MoneyText cents={s.baseCents} />
          </Descriptions.Item>
          <Descriptions.Item label={t('incentives.fields.target')}>
            {s.targetCents === null ? t('incentives.statements.noTarget') : <MoneyText cents={s.targetCents} />}
          </Descriptions.Item>
          <Descriptions.Item label={t('incentives.fields.attainment')}>{percentText(s.attainmentBp)}</Descriptions.Item>
          <Descriptions.Item label={t('incentives.fields.gross')}>
            <MoneyText cents={s.grossCents} />
          </Descriptions.Item>
          {s.capCents !== null ? (
            <Descriptions.Item label={t('incentives.fields.capped')}>
              <MoneyText cents={s.cappedCents} />
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('incentives.fields.clawbackAmount')}>
            <MoneyText cents={-s.clawbackCents} />
          </Descriptions.Item>
          <Descriptions.Item label={t('incentives.fields.total')}>
            <Typography.Text strong data-testid="statement-total">
              <MoneyText cents={s.totalCents} />
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('incentives.statement.computedAt')}>
            <DateTimeText value={s.computedAt} />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {s.abilities.submit || s.abilities.review ? (
        <Card size="small" style={{ marginBottom: 12 }}>
          {s.abilities.submit ? (
            <Button
              type="primary"
              loading={action.isPending}
              onClick={() => act('submit', {}, t('incentives.statement.submitted'))}
              data-testid="statement-submit"
            >
              {t('incentives.statement.submit')}
            </Button>
          ) : (
            <Flex gap={8} wrap>
              <Input
                placeholder={t('incentives.fields.comment')}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                style={{ flex: '1 1 220px' }}
                data-testid="statement-comment"
              />
              <Button
                type="primary"
                loading={action.isPending}
                onClick={() => act('review', { decision: 'approve', comment: comment || undefined }, t('incentives.statement.approved'))}
                data-testid="statement-approve"
              >
                {t('incentives.statement.approve')}
              </Button>
              <Button
                danger
                disabled={!comment.trim()}
                title={t('incentives.statement.rejectNeedsReason')}
                onClick={() => act('review', { decision: 'reject', comment }, t('incentives.statement.rejected'))}
                data-testid="statement-reject"
              >
                {t('incentives.statement.reject')}
              </Button>
            </Flex>
          )}
        </Card>
      ) : null}
      <Card size="small" title={t('incentives.statement.slices')} style={{ marginBottom: 12 }}>
        <Table
          rowKey="tier"
          size="small"
          pagination={false}
          dataSource={s.slices}
          columns={[
            { title: t('incentives.fields.tier'), dataIndex: 'tier', render: (tier: number) => tier + 1 },
            {
              title: t('incentives.fields.baseAmount'),
              dataIndex: 'baseCents',
              align: 'right',
              render: (c: number) => <MoneyText cents={c} />,
            },
            { title: t('incentives.fields.rate'), dataIndex: 'rateBp', align: 'right', render: (bp: number) => percentText(bp) },
            {
              title: t('incentives.fields.commission'),
              dataIndex: 'commissionCents',
              align: 'right',
              render: (c: number) => <MoneyText cents={c} />,
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('incentives.statement.lines')}>
        <Table<StatementLine>
          rowKey={(l) => `${l.kind}-${l.contractId}`}
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={s.lines}
          columns={[
            {
              title: t('incentives.fields.contract'),
              dataIndex: 'contractNumber',
              render: (n: string, l) => (l.kind === 'writeOff' ? `${n} · ${t('incentives.statement.writeOff')}` : n),
            },
            { title: t('incentives.fields.customer'), dataIndex: 'customerName', ellipsis: true },
            {
              title: t('incentives.fields.amount'),
              dataIndex: 'amountCents',
              align: 'right',
              render: (c: number) => <MoneyText cents={c} />,
            },
            { title: t('incentives.fields.share'), dataIndex: 'shareBp', align: 'right', render: (bp: number) => percentText(bp) },
            {
              title: t('incentives.fields.credited'),
              dataIndex: 'creditedCents',
              align: 'right',
              render: (c: number) => <MoneyText cents={c} />,
            },
          ]}
        />
      </Card>
    </div>
  );
}
