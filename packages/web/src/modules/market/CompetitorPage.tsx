import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { App, Button, Card, Col, Descriptions, Empty, Input, Row, Skeleton, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CompetitorDetail } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { MoneyText } from '../../components/MoneyText';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Chart } from '../../components/Chart';
import { useCompetitor, useUpdateCompetitor } from './api';
import { SentimentTag } from './labels';

function StrengthsEditor({ competitor }: { competitor: CompetitorDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [strengths, setStrengths] = useState(competitor.strengths);
  const [weaknesses, setWeaknesses] = useState(competitor.weaknesses);
  const save = useUpdateCompetitor(competitor.id);
  if (!competitor.abilities.update)
    return (
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('market.fields.strengths')}>{competitor.strengths || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('market.fields.weaknesses')}>{competitor.weaknesses || '—'}</Descriptions.Item>
      </Descriptions>
    );
  return (
    <>
      <Typography.Text type="secondary">{t('market.fields.strengths')}</Typography.Text>
      <Input.TextArea
        rows={2}
        value={strengths}
        onChange={(e) => setStrengths(e.target.value)}
        maxLength={4000}
        style={{ marginBottom: 8 }}
      />
      <Typography.Text type="secondary">{t('market.fields.weaknesses')}</Typography.Text>
      <Input.TextArea
        rows={2}
        value={weaknesses}
        onChange={(e) => setWeaknesses(e.target.value)}
        maxLength={4000}
        style={{ marginBottom: 8 }}
      />
      <ErrorAlert error={save.error} />
      <Button
        loading={save.isPending}
        onClick={() =>
          save.mutate(
            { strengths, weaknesses, version: competitor.version },
            { onSuccess: () => void message.success(t('market.competitors.saved')) },
          )
        }
      >
        {t('market.competitors.save')}
      </Button>
    </>
  );
}

/** One competitor: profile, price points over time, share by region, deals lost to them, recent feedback. */
export default function CompetitorPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = useCompetitor(id);
  if (query.error) return <ErrorAlert error={query.error} onReload={() => void query.refetch()} />;
  const c = query.data;
  if (!c) return <Skeleton active />;
  const products = [...new Set(c.pricePoints.map((p) => p.product ?? '—'))];
  const days = [...new Set(c.pricePoints.map((p) => p.observedAt.slice(0, 10)))];
  return (
    <>
      <PageHeader title={c.name} subtitle={c.website || undefined} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={c.name}>
            <StrengthsEditor key={c.version} competitor={c} />
            {c.products.length ? (
              <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
                <Descriptions.Item label={t('market.fields.products')}>{c.products.map((p) => p.name).join('、')}</Descriptions.Item>
              </Descriptions>
            ) : null}
          </Card>
          <Card size="small" title={t('market.competitors.shares')} style={{ marginTop: 16 }}>
            <Table
              rowKey="regionId"
              size="small"
              pagination={false}
              dataSource={c.shares}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              columns={[
                { title: t('market.fields.region'), dataIndex: 'regionName' },
                {
                  title: t('market.fields.share'),
                  dataIndex: 'shareBp',
                  align: 'right',
                  render: (bp: number) => `${(bp / 100).toFixed(1)}%`,
                },
                { title: t('market.fields.asOf'), dataIndex: 'asOf' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('market.competitors.prices')}>
            {c.pricePoints.length ? (
              <Chart
                height={240}
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0 },
                  grid: { left: 60, right: 16, top: 32, bottom: 32 },
                  xAxis: { type: 'category', data: days },
                  yAxis: { type: 'value', name: '¥' },
                  series: products.map((product) => ({
                    name: product,
                    type: 'bar',
                    data: days.map((day) => {
                      const point = c.pricePoints.filter((p) => (p.product ?? '—') === product && p.observedAt.slice(0, 10) === day).pop();
                      return point ? point.priceCents / 100 : null;
                    }),
                  })),
                }}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.competitors.noPrices')} />
            )}
          </Card>
          <Card size="small" title={t('market.competitors.lost')} style={{ marginTop: 16 }}>
            <Table
              rowKey="opportunityId"
              size="small"
              scroll={{ x: 'max-content' }}
              pagination={{ pageSize: 5, hideOnSinglePage: true }}
              dataSource={c.lostDealList}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              columns={[
                { title: t('market.fields.name'), dataIndex: 'name' },
                { title: t('market.fields.customer'), dataIndex: 'customerName', responsive: ['md'] },
                {
                  title: t('market.fields.amount'),
                  dataIndex: 'amountCents',
                  align: 'right',
                  render: (v: number) => <MoneyText cents={v} />,
                },
                {
                  title: t('market.fields.closedAt'),
                  dataIndex: 'closedAt',
                  render: (v: string | null) => <DateTimeText value={v} dateOnly />,
                },
              ]}
            />
          </Card>
          <Card size="small" title={t('market.competitors.recent')} style={{ marginTop: 16 }}>
            <Table
              rowKey="id"
              size="small"
              scroll={{ x: 'max-content' }}
              pagination={{ pageSize: 5, hideOnSinglePage: true }}
              dataSource={c.recentFeedback}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              columns={[
                { title: t('market.fields.type'), dataIndex: 'type', render: (v: string) => t(`market.types.${v}`) },
                {
                  title: t('market.fields.sentiment'),
                  dataIndex: 'sentiment',
                  render: (v: CompetitorDetail['recentFeedback'][number]['sentiment']) => <SentimentTag value={v} />,
                },
                { title: t('market.fields.text'), dataIndex: 'text', ellipsis: true },
                { title: t('market.fields.author'), dataIndex: 'authorName', responsive: ['md'] },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
