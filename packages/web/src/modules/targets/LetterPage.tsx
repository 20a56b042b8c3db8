import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Select, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { LetterTerm } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useTimeZone } from '../../core/session';
import { formatDateTime } from '../../core/time';
import { useAcknowledgeLetter, useMyLetter } from './api';
import { formatMetric } from './format';

/** The caller's responsibility letter (责任书): their targets for the year, acknowledged in the app. */
export default function LetterPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const timeZone = useTimeZone();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const letter = useMyLetter(year);
  const acknowledge = useAcknowledgeLetter();
  const data = letter.data;
  return (
    <>
      <PageHeader
        title={t('targets.letter.title')}
        extra={
          <Select
            value={year}
            onChange={setYear}
            options={[-1, 0, 1].map((offset) => ({
              value: new Date().getFullYear() + offset,
              label: String(new Date().getFullYear() + offset),
            }))}
          />
        }
      />
      <ErrorAlert error={letter.error ?? acknowledge.error} onReload={() => void letter.refetch()} />
      <Card loading={letter.isPending} style={{ maxWidth: 860 }} data-testid="target-letter">
        {data && data.status === 'none' ? (
          <Empty description={t('targets.letter.none')} />
        ) : data ? (
          <>
            <Typography.Title level={4} style={{ textAlign: 'center' }}>
              {t('targets.letter.heading', { year: data.year })}
            </Typography.Title>
            <Typography.Paragraph>
              {t('targets.letter.body', { company: data.companyName, name: data.userName, unit: data.unitName ?? '—', year: data.year })}
            </Typography.Paragraph>
            <Table<LetterTerm>
              size="small"
              rowKey="metric"
              pagination={false}
              dataSource={data.terms}
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  title: t('targets.letter.metric'),
                  dataIndex: 'metric',
                  render: (metric: LetterTerm['metric']) => t(`targets.metrics.${metric}`),
                },
                { title: t('targets.letter.annual'), align: 'right', render: (_, term) => <b>{formatMetric(term.metric, term.target)}</b> },
                { title: t('targets.letter.stretch'), align: 'right', render: (_, term) => formatMetric(term.metric, term.stretch) },
                { title: t('targets.letter.challenge'), align: 'right', render: (_, term) => formatMetric(term.metric, term.challenge) },
                {
                  title: t('targets.letter.quarters'),
                  render: (_, term) =>
                    [0, 1, 2, 3]
                      .map(
                        (q) =>
                          `Q${q + 1} ${formatMetric(
                            term.metric,
                            term.months.slice(q * 3, q * 3 + 3).reduce((a, b) => a + b, 0),
                          )}`,
                      )
                      .join(' · '),
                },
              ]}
            />
            <div style={{ marginTop: 16 }}>
              {data.changedSinceAcknowledged ? (
                <Alert type="warning" showIcon message={t('targets.letter.changed')} style={{ marginBottom: 12 }} />
              ) : null}
              {data.status === 'acknowledged' ? (
                <Tag icon={<CheckCircleOutlined />} color="success" data-testid="letter-acknowledged">
                  {t('targets.letter.acknowledged', { at: formatDateTime(data.acknowledgedAt!, timeZone) })}
                </Tag>
              ) : (
                <Button
                  type="primary"
                  loading={acknowledge.isPending}
                  data-testid="letter-acknowledge"
                  onClick={() => acknowledge.mutate(year, { onSuccess: () => message.success(t('targets.letter.done')) })}
                >
                  {t('targets.letter.acknowledge')}
                </Button>
              )}
            </div>
          </>
        ) : null}
      </Card>
    </>
  );
}
