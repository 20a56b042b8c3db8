import { Card, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { EventPipelineItem } from '@xiaoguan/shared';
import { DateTimeText } from '../../components/DateTimeText';
import { MoneyText } from '../../components/MoneyText';

const PATH: Record<EventPipelineItem['kind'], string> = { opportunity: '/opportunities', quote: '/quotes', contract: '/contracts' };
const STATUS_KEY: Record<EventPipelineItem['kind'], string> = {
  opportunity: 'opportunities.stages',
  quote: 'quotes.statuses',
  contract: 'contracts.statuses',
};

/** The event's opportunities, quotes and contracts (attendees, same window as orders; issue 17 item 7). */
export function EventPipelineCard({ items }: { items: EventPipelineItem[] }) {
  const { t } = useTranslation();
  const count = (kind: EventPipelineItem['kind']) => items.filter((i) => i.kind === kind).length;
  const columns: ColumnsType<EventPipelineItem> = [
    { title: t('events.onsite.pipelineKind'), render: (_, i) => <Tag>{t(`events.onsite.pipelineKinds.${i.kind}`)}</Tag> },
    { title: t('events.onsite.pipelineItem'), render: (_, i) => <Link to={`${PATH[i.kind]}/${i.id}`}>{i.label}</Link> },
    { title: t('events.fields.customer'), dataIndex: 'customerName' },
    { title: t('events.fields.status'), render: (_, i) => t(`${STATUS_KEY[i.kind]}.${i.status}`) },
    { title: t('events.onsite.pipelineCreatedAt'), render: (_, i) => <DateTimeText value={i.createdAt} /> },
    { title: t('events.onsite.amount'), render: (_, i) => <MoneyText cents={i.amountCents} />, align: 'right' },
  ];
  return (
    <Card size="small" title={t('events.onsite.pipeline')} style={{ marginTop: 12 }} data-testid="event-pipeline">
      <Typography.Paragraph type="secondary">
        {t('events.onsite.pipelineCounts', {
          opportunities: count('opportunity'),
          quotes: count('quote'),
          contracts: count('contract'),
        })}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey={(i) => `${i.kind}-${i.id}`}
        columns={columns}
        dataSource={items}
        pagination={false}
        scroll={{ x: 720 }}
        data-testid="event-pipeline-table"
      />
    </Card>
  );
}
