import { Card, Col, Empty, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WeeklyContent } from '@xiaoguan/shared';
import { MoneyText } from '../../components/MoneyText';
import { changeText } from './labels';

/** R-MKT-1 the generated part of a weekly report, as the team and the line above read it. */
export function ReportContent({ content }: { content: WeeklyContent }) {
  const { t } = useTranslation();
  const delta = content.feedback.thisWeek - content.feedback.lastWeek;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic
            title={t('market.reports.feedback')}
            value={content.feedback.thisWeek}
            suffix={
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('market.reports.versusLastWeek', { delta: `${delta >= 0 ? '+' : ''}${delta}` })}
              </Typography.Text>
            }
          />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic
            title={t('market.reports.lostDeals')}
            value={content.lostDeals.thisWeek}
            suffix={
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('market.reports.lastWeekWas', { count: content.lostDeals.lastWeek })}
              </Typography.Text>
            }
          />
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('market.reports.sentiment')}>
          <Tag color="green">{`${t('market.sentiments.positive')} ${content.sentiment.positive}`}</Tag>
          <Tag>{`${t('market.sentiments.neutral')} ${content.sentiment.neutral}`}</Tag>
          <Tag color="red">{`${t('market.sentiments.negative')} ${content.sentiment.negative}`}</Tag>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('market.reports.themes')} data-testid="report-themes">
          {content.themes.length ? (
            content.themes.map((theme) => (
              <div key={`${theme.type}-${theme.competitorId ?? ''}`} style={{ marginBottom: 8 }}>
                <Typography.Text strong>
                  {t(`market.types.${theme.type}`)}
                  {theme.competitorName ? ` · ${theme.competitorName}` : ''}
                </Typography.Text>{' '}
                <Tag>{`${t('market.reports.count')} ${theme.count}`}</Tag>
                {theme.negative ? <Tag color="red">{`${t('market.reports.negative')} ${theme.negative}`}</Tag> : null}
                <Typography.Paragraph type="secondary" style={{ margin: 0 }} ellipsis={{ rows: 2 }}>
                  {theme.sample}
                </Typography.Paragraph>
              </div>
            ))
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.reports.noThemes')} />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('market.reports.byType')}>
          <Table
            rowKey="type"
            size="small"
            pagination={false}
            dataSource={content.byType}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
            columns={[
              { title: t('market.fields.type'), dataIndex: 'type', render: (v: string) => t(`market.types.${v}`) },
              { title: t('market.reports.thisWeek'), dataIndex: 'thisWeek', align: 'right' },
              { title: t('market.reports.lastWeek'), dataIndex: 'lastWeek', align: 'right' },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('market.reports.priceMoves')} data-testid="report-price-moves">
          <Table
            rowKey={(row) => `${row.competitorId}-${row.product ?? ''}`}
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={content.priceMoves}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.reports.noPriceMoves')} /> }}
            columns={[
              { title: t('market.fields.competitor'), dataIndex: 'competitorName' },
              { title: t('market.fields.competitorProduct'), dataIndex: 'product', render: (v: string | null) => v ?? '—' },
              {
                title: t('market.reports.previous'),
                dataIndex: 'previousCents',
                align: 'right',
                render: (v: number) => <MoneyText cents={v} />,
              },
              {
                title: t('market.reports.current'),
                dataIndex: 'currentCents',
                align: 'right',
                render: (v: number) => <MoneyText cents={v} />,
              },
              {
                title: t('market.reports.change'),
                dataIndex: 'changeBp',
                align: 'right',
                render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : undefined}>{changeText(v)}</Typography.Text>,
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('market.reports.lostByCompetitor')}>
          <Table
            rowKey="competitorName"
            size="small"
            pagination={false}
            dataSource={content.lostDeals.byCompetitor}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
            columns={[
              {
                title: t('market.fields.competitor'),
                dataIndex: 'competitorName',
                render: (v: string) => v || t('market.reports.unnamed'),
              },
              { title: t('market.reports.thisWeek'), dataIndex: 'thisWeek', align: 'right' },
              { title: t('market.reports.lastWeek'), dataIndex: 'lastWeek', align: 'right' },
              {
                title: t('market.reports.amount'),
                dataIndex: 'amountCents',
                align: 'right',
                render: (v: number) => <MoneyText cents={v} />,
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
