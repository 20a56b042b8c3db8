import { useState } from 'react';
import { Button, Card, Flex, Form, Input, List, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ESCALATION_CATEGORIES, type Escalation } from '@xiaoguan/shared';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CustomerSelect } from '../customers';
import { useEscalations, useRaiseEscalation, useResolveEscalation } from './api';
import { RecordListLayout } from './RecordListLayout';

function EscalationCard({ e }: { e: Escalation }) {
  const { t } = useTranslation();
  const resolve = useResolveEscalation();
  const [text, setText] = useState('');
  return (
    <Card size="small" data-testid={`escalation-${e.title}`}>
      <Flex vertical gap={6}>
        <Flex justify="space-between" wrap gap={8}>
          <Space wrap>
            <Tag color={e.status === 'open' ? 'warning' : 'success'}>{t(`teamwork.escalations.statuses.${e.status}`)}</Tag>
            <Tag>{t(`teamwork.categories.${e.category}`)}</Tag>
            <Typography.Text strong>{e.title}</Typography.Text>
          </Space>
          <Typography.Text type="secondary">
            {t('teamwork.escalations.level', { level: e.level })} · {e.assigneeName ?? '—'}
            {e.dueAt ? (
              <>
                {' '}
                · {t('teamwork.escalations.due')} <DateTimeText value={e.dueAt} />
              </>
            ) : null}
          </Typography.Text>
        </Flex>
        <Typography.Text type="secondary">
          {e.raisedByName}
          {e.customerName && e.customerId ? (
            <>
              {' '}
              · <Link to={`/customers/${e.customerId}`}>{e.customerName}</Link>
            </>
          ) : null}
        </Typography.Text>
        {e.details ? <Typography.Paragraph style={{ marginBottom: 0 }}>{e.details}</Typography.Paragraph> : null}
        <Timeline
          style={{ marginTop: 8, marginBottom: -16 }}
          items={e.events.map((ev) => ({
            children: (
              <span>
                <DateTimeText value={ev.at} /> {t(`teamwork.escalations.events.${ev.kind}`, { level: ev.level })} {ev.actorName ?? ''}
                {ev.note ? t('teamwork.withNote', { note: ev.note }) : ''}
              </span>
            ),
          }))}
        />
        {e.abilities.resolve ? (
          <Flex gap={8} wrap>
            <Input
              style={{ flex: '1 1 240px' }}
              value={text}
              onChange={(ev) => setText(ev.target.value)}
              placeholder={t('teamwork.escalations.resolution')}
            />
            <Button
              type="primary"
              disabled={!text.trim()}
              loading={resolve.isPending}
              onClick={() => resolve.mutate({ id: e.id, resolution: text.trim(), version: e.version })}
            >
              {t('teamwork.escalations.resolve')}
            </Button>
          </Flex>
        ) : null}
        <ErrorAlert error={resolve.error} />
      </Flex>
    </Card>
  );
}

/** Escalation by level (分层级汇报, issue 21 item 7): raise an issue; it climbs the line when a level's SLA runs out. */
export default function EscalationsPage() {
  const { t } = useTranslation();
  const escalations = useEscalations();
  const raise = useRaiseEscalation();
  const [form] = Form.useForm<{ category: string; title: string; details: string; customerId?: string }>();
  return (
    <RecordListLayout
      title={t('teamwork.escalations.title')}
      subtitle={t('teamwork.escalations.subtitle')}
      newLabel={t('teamwork.escalations.raise')}
      newTestId="escalation-new"
      submitTestId="escalation-save"
      form={form}
      initialValues={{ category: 'customer_risk' }}
      saving={raise.isPending}
      error={raise.error}
      onSave={(values) => raise.mutateAsync({ ...values, details: values.details ?? '', customerId: values.customerId ?? null })}
      fields={
        <>
          <Form.Item name="category" label={t('teamwork.escalations.category')} rules={[{ required: true }]}>
            <Select options={ESCALATION_CATEGORIES.map((c) => ({ value: c, label: t(`teamwork.categories.${c}`) }))} />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('teamwork.escalations.issue')}
            rules={[{ required: true, message: t('common.validation.required') }]}
          >
            <Input maxLength={200} data-testid="escalation-title" />
          </Form.Item>
          <Form.Item name="customerId" label={t('teamwork.escalations.customer')}>
            <CustomerSelect />
          </Form.Item>
          <Form.Item name="details" label={t('teamwork.escalations.details')}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
        </>
      }
    >
      <ErrorAlert error={escalations.error} />
      <List
        loading={escalations.isLoading}
        dataSource={escalations.data ?? []}
        locale={{ emptyText: t('teamwork.escalations.none') }}
        renderItem={(e) => (
          <List.Item style={{ display: 'block' }}>
            <EscalationCard e={e} />
          </List.Item>
        )}
      />
    </RecordListLayout>
  );
}
