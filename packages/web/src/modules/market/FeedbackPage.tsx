import { Card, Col, Empty, List, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Feedback } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { MoneyText } from '../../components/MoneyText';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCan } from '../../core/session';
import { useFeedback } from './api';
import { FeedbackForm } from './FeedbackForm';
import { SentimentTag } from './labels';

function FeedbackItem({ item }: { item: Feedback }) {
  const { t } = useTranslation();
  const about = item.customerName ?? item.productName ?? item.regionName ?? item.competitorName;
  return (
    <List.Item data-testid="feedback-item">
      <Space direction="vertical" size={2} style={{ width: '100%' }}>
        <Space wrap size={6}>
          <Typography.Text strong>{t(`market.types.${item.type}`)}</Typography.Text>
          <SentimentTag value={item.sentiment} />
          {about ? <Typography.Text>{about}</Typography.Text> : null}
          {item.competitorName && item.competitorName !== about ? (
            <Typography.Text type="secondary">{item.competitorName}</Typography.Text>
          ) : null}
          {item.competitorPriceCents !== null ? (
            <Typography.Text type="secondary">
              {item.competitorProduct ?? ''} <MoneyText cents={item.competitorPriceCents} />
            </Typography.Text>
          ) : null}
        </Space>
        <Typography.Paragraph style={{ margin: 0 }}>{item.text}</Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item.authorName} · <DateTimeText value={item.observedAt} />
        </Typography.Text>
      </Space>
    </List.Item>
  );
}

/** Reps log feedback on a phone or a desk; below, their own (a supervisor: the team's) feedback. */
export default function FeedbackPage() {
  const { t } = useTranslation();
  const can = useCan();
  const feedback = useFeedback();
  return (
    <>
      <PageHeader title={t('market.feedback.title')} subtitle={t('market.feedback.subtitle')} />
      <Row gutter={[16, 16]}>
        {can('market.write') ? (
          <Col xs={24} lg={9}>
            <Card size="small" title={t('market.feedback.log')}>
              <FeedbackForm />
            </Card>
          </Col>
        ) : null}
        <Col xs={24} lg={can('market.write') ? 15 : 24}>
          <Card size="small" title={t('market.feedback.list')}>
            {feedback.error ? <ErrorAlert error={feedback.error} onReload={() => void feedback.refetch()} /> : null}
            <List
              loading={feedback.isLoading}
              dataSource={feedback.data ?? []}
              locale={{ emptyText: <Empty description={t('market.feedback.empty')} /> }}
              pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
              renderItem={(item) => <FeedbackItem item={item} />}
              data-testid="feedback-list"
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
