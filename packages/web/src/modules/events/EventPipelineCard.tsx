import { useState } from 'react';
import { App, Button, Card, Flex, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { EventPipelineItem } from '@xiaoguan/shared';
import { DateTimeText } from '../../components/DateTimeText';
import { MoneyText, formatCents } from '../../components/MoneyText';
import { useAttributePipeline, usePipelineCandidates, useRemovePipelineAttribution } from './api-onsite';

const PATH: Record<EventPipelineItem['kind'], string> = { opportunity: '/opportunities', quote: '/quotes', contract: '/contracts' };
const STATUS_KEY: Record<EventPipelineItem['kind'], string> = {
  opportunity: 'opportunities.stages',
  quote: 'quotes.statuses',
  contract: 'contracts.statuses',
};

/**
 * The event's opportunities, quotes and contracts (issue 17 item 7): attendees' in the orders' window,
 * and those attributed by hand — by someone who may edit the record (the candidates list is theirs).
 */
export function EventPipelineCard({ eventId, items }: { eventId: string; items: EventPipelineItem[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const candidates = usePipelineCandidates(eventId);
  const attribute = useAttributePipeline(eventId);
  const remove = useRemovePipelineAttribution(eventId);
  const [picked, setPicked] = useState<string | undefined>();
  const editable = new Set((candidates.data ?? []).map((c) => `${c.kind}:${c.id}`));
  const count = (kind: EventPipelineItem['kind']) => items.filter((i) => i.kind === kind).length;
  const columns: ColumnsType<EventPipelineItem> = [
    { title: t('events.onsite.pipelineKind'), render: (_, i) => <Tag>{t(`events.onsite.pipelineKinds.${i.kind}`)}</Tag> },
    { title: t('events.onsite.pipelineItem'), render: (_, i) => <Link to={`${PATH[i.kind]}/${i.id}`}>{i.label}</Link> },
    { title: t('events.fields.customer'), dataIndex: 'customerName' },
    { title: t('events.fields.status'), render: (_, i) => t(`${STATUS_KEY[i.kind]}.${i.status}`) },
    { title: t('events.onsite.pipelineCreatedAt'), render: (_, i) => <DateTimeText value={i.createdAt} /> },
    { title: t('events.onsite.amount'), render: (_, i) => <MoneyText cents={i.amountCents} />, align: 'right' },
    {
      title: t('events.onsite.attribution'),
      render: (_, i) => (
        <Flex gap={4} align="center" wrap={false}>
          <Tag color={i.attribution === 'auto' ? 'blue' : 'purple'}>{t(`events.onsite.attribution_${i.attribution}`)}</Tag>
          {i.attribution === 'manual' && editable.has(`${i.kind}:${i.id}`) ? (
            <Popconfirm
              title={t('events.onsite.pipelineUnattribute')}
              onConfirm={() => remove.mutate({ kind: i.kind, recordId: i.id }, { onError: (error) => message.error(error.message) })}
            >
              <Button size="small" type="link">
                {t('events.onsite.remove')}
              </Button>
            </Popconfirm>
          ) : null}
        </Flex>
      ),
    },
  ];
  const options = (candidates.data ?? [])
    .filter((c) => !c.attributedHere)
    .map((c) => ({
      value: `${c.kind}:${c.id}`,
      disabled: c.attributedElsewhere,
      label: `${t(`events.onsite.pipelineKinds.${c.kind}`)} · ${c.label} · ${c.customerName} · ${formatCents(c.amountCents)}${
        c.attributedElsewhere ? ` (${t('events.onsite.pipelineElsewhere')})` : ''
      }`,
    }));
  const submit = () => {
    if (!picked) return;
    const [kind, recordId] = picked.split(':') as [EventPipelineItem['kind'], string];
    attribute.mutate(
      { kind, recordId },
      {
        onSuccess: () => {
          setPicked(undefined);
          message.success(t('events.onsite.pipelineAttributed'));
        },
        onError: (error) => message.error(error.message),
      },
    );
  };
  return (
    <Card size="small" title={t('events.onsite.pipeline')} style={{ marginTop: 12 }} data-testid="event-pipeline">
      <Typography.Paragraph type="secondary">
        {t('events.onsite.pipelineCounts', {
          opportunities: count('opportunity'),
          quotes: count('quote'),
          contracts: count('contract'),
        })}
      </Typography.Paragraph>
      {options.length ? (
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select
            showSearch
            optionFilterProp="label"
            value={picked}
            onChange={setPicked}
            options={options}
            placeholder={t('events.onsite.pipelinePick')}
            style={{ flex: '1 1 260px', maxWidth: 520 }}
            data-testid="pipeline-pick"
          />
          <Button disabled={!picked} loading={attribute.isPending} onClick={submit} data-testid="pipeline-attribute">
            {t('events.onsite.attribute')}
          </Button>
        </Flex>
      ) : null}
      <Table
        size="small"
        rowKey={(i) => `${i.kind}-${i.id}`}
        columns={columns}
        dataSource={items}
        pagination={false}
        scroll={{ x: 820 }}
        data-testid="event-pipeline-table"
      />
    </Card>
  );
}
