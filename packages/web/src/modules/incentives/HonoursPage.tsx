import { useState } from 'react';
import { App, Button, Card, Col, Empty, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { FilePdfOutlined, SettingOutlined, TrophyOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { HONOUR_METRICS, type Honour, type HonourMetric } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { MoneyText } from '../../components/MoneyText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCan } from '../../core/session';
import { apiUrl } from '../../core/api';
import { useHonourAction, useHonours, useLeaderboard } from './api';
import { lastQuarter } from './labels';

function periods(): string[] {
  const now = new Date();
  const list: string[] = [];
  for (let back = 0; back < 8; back++) {
    const d = new Date(now.getFullYear(), now.getMonth() - back * 3, 1);
    list.push(`${d.getFullYear()}-Q${Math.floor(d.getMonth() / 3) + 1}`);
  }
  return list;
}

/** A figure as the metric says: money, a count, a satisfaction score (×100), growth (basis points). */
function Figure({ metric, value }: { metric: HonourMetric; value: number }) {
  if (metric === 'collections' || metric === 'bookings') return <MoneyText cents={value} />;
  if (metric === 'serviceScore') return <>{(value / 100).toFixed(2)}</>;
  if (metric === 'growth') return <>{`${(value / 100).toFixed(1)} %`}</>;
  return <>{value}</>;
}

/** Honours per quarter (proposed by the rules, confirmed by a manager, with a certificate) and the leaderboard. */
export default function HonoursPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [period, setPeriod] = useState(lastQuarter());
  const [metric, setMetric] = useState<HonourMetric>('collections');
  const honours = useHonours(period);
  const board = useLeaderboard(period, metric);
  const action = useHonourAction();

  return (
    <>
      <PageHeader
        title={t('incentives.honours.title')}
        subtitle={t('incentives.honours.subtitle')}
        extra={
          <>
            <Select
              value={period}
              onChange={setPeriod}
              options={periods().map((p) => ({ value: p, label: p }))}
              style={{ width: 120 }}
              data-testid="honour-period"
            />
            {can('incentives.honour') ? (
              <Button
                loading={action.isPending}
                onClick={() =>
                  action.mutate({ propose: period }, { onSuccess: () => void message.success(t('incentives.honours.proposed')) })
                }
                data-testid="honour-propose"
              >
                {t('incentives.honours.propose')}
              </Button>
            ) : null}
            {can('incentives.honour') ? (
              <Link to="/incentives/honour-rules" data-testid="honour-rules-link">
                <Button icon={<SettingOutlined />}>{t('incentives.rules.link')}</Button>
              </Link>
            ) : null}
          </>
        }
      />
      <ErrorAlert error={honours.error ?? action.error} style={{ marginBottom: 12 }} />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {(honours.data ?? []).map((honour: Honour) => (
          <Col key={honour.id} xs={24} sm={12} lg={6}>
            <Card size="small" data-testid="honour-card">
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Space>
                  <TrophyOutlined style={{ color: '#d4a017', fontSize: 20 }} />
                  <Typography.Text strong>{t(`incentives.awards.${honour.award}`)}</Typography.Text>
                </Space>
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {honour.userName}
                </Typography.Title>
                <Typography.Text type="secondary">
                  {honour.orgUnitName ?? ''} · {t(`incentives.metrics.${honour.metric}`)}{' '}
                  <Figure metric={honour.metric} value={honour.value} />
                </Typography.Text>
                <Space wrap>
                  <Tag color={honour.status === 'confirmed' ? 'success' : 'warning'}>
                    {honour.status === 'confirmed' ? t('incentives.honours.confirmed') : t('incentives.honours.pending')}
                  </Tag>
                  {honour.abilities.confirm ? (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => action.mutate({ confirm: honour.id, version: honour.version })}
                      data-testid="honour-confirm"
                    >
                      {t('incentives.honours.confirm')}
                    </Button>
                  ) : null}
                  {honour.abilities.certificate ? (
                    <Button
                      size="small"
                      icon={<FilePdfOutlined />}
                      href={apiUrl(`/honours/${honour.id}/certificate`, { lang: i18n.language })}
                      target="_blank"
                    >
                      {t('incentives.honours.certificate')}
                    </Button>
                  ) : null}
                </Space>
              </Space>
            </Card>
          </Col>
        ))}
        {honours.data && honours.data.length === 0 ? (
          <Col span={24}>
            <Empty description={t('incentives.honours.empty')} />
          </Col>
        ) : null}
      </Row>
      <Card size="small" title={t('incentives.honours.leaderboard')}>
        {/* The metric switch sits in the body, where it may scroll sideways on a phone (English labels are long). */}
        <div style={{ overflowX: 'auto', marginBottom: 8 }}>
          <Segmented
            size="small"
            value={metric}
            onChange={(v) => setMetric(v as HonourMetric)}
            options={HONOUR_METRICS.filter((m) => m !== 'serviceScore').map((m) => ({ value: m, label: t(`incentives.metrics.${m}`) }))}
          />
        </div>
        <Table
          rowKey="userId"
          size="small"
          loading={board.isLoading}
          pagination={false}
          dataSource={board.data?.rows ?? []}
          locale={{ emptyText: <Empty description={t('incentives.honours.leaderboardEmpty')} /> }}
          columns={[
            { title: t('incentives.fields.rank'), dataIndex: 'rank', width: 64 },
            { title: t('incentives.fields.person'), dataIndex: 'userName' },
            { title: t('incentives.fields.unit'), dataIndex: 'orgUnitName', responsive: ['sm'] },
            {
              title: t('incentives.fields.value'),
              dataIndex: 'value',
              align: 'right',
              render: (v: number) => <Figure metric={metric} value={v} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
