import { useState } from 'react';
import { Button, Flex, Skeleton, Switch, Tag, Timeline, Typography } from 'antd';
import { ArrowRightOutlined, CalendarOutlined, EditOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Customer, Interaction } from '@xiaoguan/shared';
import { apiUrl } from '../../core/api';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useContacts, useInteractions } from './api';
import { EmptyState } from './CustomerTable';
import { formatBytes, INTERACTION_COLORS, INTERACTION_ICONS } from './labels';

function InteractionBody({ interaction, contactName }: { interaction: Interaction; contactName?: string }) {
  const { t } = useTranslation();
  return (
    <div style={{ paddingBottom: 8, opacity: interaction.archived ? 0.65 : 1 }} data-testid={`interaction-${interaction.id}`}>
      <Flex gap={8} align="center" wrap style={{ marginBottom: 4 }}>
        <Typography.Text strong style={{ color: INTERACTION_COLORS[interaction.type] }}>
          {t(`customers.interactionTypes.${interaction.type}`)}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <DateTimeText value={interaction.occurredAt} /> · {t('customers.timeline.by', { name: interaction.authorName })}
          {contactName ? ` · ${contactName}` : ''}
        </Typography.Text>
        {interaction.archived ? <Tag style={{ marginInlineEnd: 0 }}>{t('customers.timeline.archived')}</Tag> : null}
      </Flex>
      {interaction.outcome ? <div style={{ fontWeight: 500, marginBottom: 2 }}>{interaction.outcome}</div> : null}
      {interaction.notes ? (
        <div style={{ whiteSpace: 'pre-wrap', color: 'rgba(0,0,0,0.75)', lineHeight: 1.7 }}>{interaction.notes}</div>
      ) : null}
      {interaction.nextStep || interaction.nextFollowUpAt ? (
        <Flex
          gap={8}
          wrap
          align="center"
          style={{ marginTop: 6, padding: '4px 8px', background: '#f6f8fc', borderRadius: 6, fontSize: 13 }}
        >
          {interaction.nextStep ? (
            <span>
              <ArrowRightOutlined style={{ color: '#1f4fa3', marginInlineEnd: 4 }} />
              {t('customers.timeline.nextStep')}
              {t('customers.colon')}
              {interaction.nextStep}
            </span>
          ) : null}
          {interaction.nextFollowUpAt ? (
            <span>
              <CalendarOutlined style={{ color: '#1f4fa3', marginInlineEnd: 4 }} />
              {t('customers.timeline.nextFollowUpAt')}
              {t('customers.colon')}
              <DateTimeText value={interaction.nextFollowUpAt} />
            </span>
          ) : null}
        </Flex>
      ) : null}
      {interaction.attachments.length ? (
        <Flex gap={8} wrap style={{ marginTop: 6 }}>
          {interaction.attachments.map((file) => (
            <a key={file.id} href={apiUrl(`/attachments/${file.id}`)} target="_blank" rel="noreferrer" style={{ fontSize: 13 }}>
              <PaperClipOutlined /> {file.fileName}{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                ({formatBytes(file.size)})
              </Typography.Text>
            </a>
          ))}
        </Flex>
      ) : null}
    </div>
  );
}

/** The interaction history, newest first, with archived records on request (001 销售记录). */
export function TimelineTab({ customer, onLog }: { customer: Customer; onLog: () => void }) {
  const { t } = useTranslation();
  const [includeArchived, setIncludeArchived] = useState(false);
  const interactions = useInteractions(customer.id, includeArchived);
  const contacts = useContacts(customer.id);
  const items = interactions.data?.pages.flatMap((page) => page.items) ?? [];
  const contactName = (id: string | null) => (id ? contacts.data?.find((contact) => contact.id === id)?.name : undefined);

  return (
    <div data-testid="customer-timeline">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Flex gap={8} align="center">
          <Switch size="small" checked={includeArchived} onChange={setIncludeArchived} />
          <Typography.Text type="secondary">{t('customers.timeline.includeArchived')}</Typography.Text>
        </Flex>
        {customer.abilities.logInteraction ? (
          <Button type="primary" ghost icon={<EditOutlined />} onClick={onLog} data-testid="timeline-log">
            {t('customers.timeline.log')}
          </Button>
        ) : null}
      </Flex>
      <ErrorAlert error={interactions.error} onReload={() => void interactions.refetch()} />
      {interactions.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <div style={{ padding: '24px 0' }}>
          <EmptyState
            title={t('customers.timeline.empty')}
            hint={t('customers.timeline.emptyHint')}
            actions={
              customer.abilities.logInteraction ? (
                <Button type="primary" icon={<EditOutlined />} onClick={onLog}>
                  {t('customers.timeline.log')}
                </Button>
              ) : undefined
            }
          />
        </div>
      ) : (
        <>
          <Timeline
            items={items.map((interaction) => ({
              key: interaction.id,
              color: INTERACTION_COLORS[interaction.type],
              icon: (
                <span style={{ color: INTERACTION_COLORS[interaction.type], fontSize: 14 }}>{INTERACTION_ICONS[interaction.type]}</span>
              ),
              content: <InteractionBody interaction={interaction} contactName={contactName(interaction.contactId)} />,
            }))}
          />
          {interactions.hasNextPage ? (
            <Flex justify="center">
              <Button onClick={() => void interactions.fetchNextPage()} loading={interactions.isFetchingNextPage}>
                {t('customers.timeline.loadMore')}
              </Button>
            </Flex>
          ) : null}
        </>
      )}
    </div>
  );
}
