import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { LetterTerm } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useTimeZone } from '../../core/session';
import { formatDateTime } from '../../core/time';
import { apiUrl } from '../../core/api';
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
  const pdf = (lang: 'zh-CN' | 'en-US') => apiUrl('/targets/letter/pdf', { year, lang });
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
              rowKey={(term) => `${term.metric}:${term.productLineId ?? ''}`}
              pagination={false}
              dataSource={data.terms}
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  title: t('targets.letter.metric'),
                  dataIndex: 'metric',
                  // A product line's own bookings target sits under the all-lines bookings row (issue 18 item 1).
                  render: (metric: LetterTerm['metric'], term) =>
                    term.productLineName ? (
                      <span style={{ paddingLeft: 16 }}>{t('targets.letter.line', { name: term.productLineName })}</span>
                    ) : (
                      t(`targets.metrics.${metric}`)
                    ),
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
            <Space wrap style={{ marginTop: 12 }}>
              <a href={pdf('zh-CN')} target="_blank" rel="noreferrer" data-testid="letter-pdf-zh">
                <FilePdfOutlined /> {t('targets.letter.pdfZh')}
              </a>
              <a href={pdf('en-US')} target="_blank" rel="noreferrer" data-testid="letter-pdf-en">
                <FilePdfOutlined /> {t('targets.letter.pdfEn')}
              </a>
            </Space>
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
