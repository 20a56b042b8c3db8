import { useState } from 'react';
import { Alert, App, Card, Form, Input, Radio, Segmented, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Revisit, RevisitAnswer } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { PageHeader } from '../../components/PageHeader';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { FormDrawer } from '../../components/FormDrawer';
import { useIsPhone } from '../../components/useMediaQuery';
import { useAnswerRevisit, useRevisits } from './api';

interface RevisitForm {
  outcome: RevisitAnswer['outcome'];
  csat?: number;
  nps?: number;
  answers?: Record<string, string>;
  comment?: string;
  note?: string;
}

/** The call: the template's script, then the customer's answers as the rep hears them (or why there were none). */
function RevisitDrawer({ revisit, onClose }: { revisit: Revisit; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const answer = useAnswerRevisit();
  const [form] = Form.useForm<RevisitForm>();
  const outcome = Form.useWatch('outcome', form) ?? 'answered';
  const submit = async () => {
    const values = await form.validateFields();
    const answers = Object.fromEntries(Object.entries(values.answers ?? {}).filter(([, text]) => text?.trim()));
    answer.mutate(
      values.outcome === 'answered'
        ? {
            id: revisit.id,
            outcome: 'answered',
            csat: values.csat ?? null,
            nps: values.nps ?? null,
            answers,
            comment: values.comment || null,
            note: values.note || null,
          }
        : { id: revisit.id, outcome: values.outcome, note: values.note || null },
      {
        onSuccess: () => {
          message.success(t('service.revisits.saved'));
          onClose();
        },
        onError: (error) => message.error(error.message),
      },
    );
  };
  return (
    <FormDrawer
      title={`${t('service.revisits.call')} · ${revisit.customerName}`}
      width={520}
      saving={answer.isPending}
      onSave={submit}
      onClose={onClose}
      submitTestId="revisit-save"
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {[revisit.contactName, revisit.contactPhone].filter(Boolean).join(' · ') || '—'}
      </Typography.Paragraph>
      <Alert
        type="info"
        showIcon
        icon={<PhoneOutlined />}
        message={t('service.revisits.script')}
        description={<span style={{ whiteSpace: 'pre-wrap' }}>{revisit.script || t('service.revisits.noScript')}</span>}
        style={{ marginBottom: 16 }}
        data-testid="revisit-script"
      />
      <Form form={form} layout="vertical" initialValues={{ outcome: 'answered' }}>
        <Form.Item name="outcome" label={t('service.revisits.outcome')}>
          <Radio.Group
            optionType="button"
            options={(['answered', 'declined', 'unreachable'] as const).map((value) => ({
              value,
              label: t(`service.revisits.outcomes.${value}`),
            }))}
            data-testid="revisit-outcome"
          />
        </Form.Item>
        {outcome === 'answered' ? (
          <>
            {revisit.csat ? (
              <Form.Item name="csat" label={t('service.public.csat')}>
                <Radio.Group
                  optionType="button"
                  options={[1, 2, 3, 4, 5].map((v) => ({ value: v, label: String(v) }))}
                  data-testid="revisit-csat"
                />
              </Form.Item>
            ) : null}
            {revisit.nps ? (
              <Form.Item name="nps" label={t('service.public.nps')}>
                <Radio.Group
                  optionType="button"
                  size="small"
                  options={Array.from({ length: 11 }, (_, v) => ({ value: v, label: String(v) }))}
                  data-testid="revisit-nps"
                />
              </Form.Item>
            ) : null}
            {revisit.questions.map((question) => (
              <Form.Item key={question.id} name={['answers', question.id]} label={question.text} rules={[{ max: 2000 }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            ))}
            <Form.Item name="comment" label={t('service.public.comment')} rules={[{ max: 2000 }]}>
              <Input.TextArea rows={2} data-testid="revisit-comment" />
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="note" label={t('service.revisits.note')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} data-testid="revisit-note" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

/** My revisits (000 满意度调研): unanswered surveys to call about, oldest first, each with its script. */
export default function RevisitsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const isPhone = useIsPhone();
  const [scope, setScope] = useState<'mine' | 'all'>('mine');
  const revisits = useRevisits(scope);
  const [calling, setCalling] = useState<Revisit | null>(null);
  // Supervisors, managers, the director and ops also see the revisits of the people in their reach.
  const wide = can('training.assign') || can('surveys.configure');
  const contactOf = (row: Revisit) => [row.contactName, row.contactPhone].filter(Boolean).join(' · ') || '—';
  const columns: ColumnsType<Revisit> = [
    {
      title: t('service.revisits.customer'),
      render: (_: unknown, row) => (
        <>
          <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link>
          {/* On a phone the contact goes under the customer, so the call stays on screen. */}
          {isPhone ? (
            <div>
              <Typography.Text type="secondary">{contactOf(row)}</Typography.Text>
            </div>
          ) : null}
        </>
      ),
    },
    ...(isPhone
      ? []
      : [
          { title: t('service.revisits.contact'), render: (_: unknown, row: Revisit) => contactOf(row) },
          { title: t('service.revisits.template'), dataIndex: 'templateName' },
          { title: t('service.revisits.sentAt'), render: (_: unknown, row: Revisit) => <DateTimeText value={row.sentAt} /> },
          ...(scope === 'all' ? [{ title: t('service.revisits.owner'), dataIndex: 'ownerName' }] : []),
        ]),
    {
      title: '',
      align: 'right',
      render: (_: unknown, row) => (
        <a onClick={(e) => (e.stopPropagation(), setCalling(row))} data-testid="revisit-call">
          <PhoneOutlined /> {t('service.revisits.call')}
        </a>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('service.revisits.title')}
        subtitle={isPhone ? undefined : t('service.revisits.subtitle')}
        extra={
          wide ? (
            <Segmented
              value={scope}
              onChange={(value) => setScope(value as 'mine' | 'all')}
              options={[
                { value: 'mine', label: t('service.revisits.scopeMine') },
                { value: 'all', label: t('service.revisits.scopeAll') },
              ]}
            />
          ) : null
        }
      />
      <Card>
        <DataTable
          data={revisits.data}
          loading={revisits.isFetching}
          error={revisits.error}
          onRetry={() => void revisits.refetch()}
          columns={columns}
          rowKey={(row) => row.id}
          testId="revisits-table"
          locale={{ emptyText: t('service.revisits.empty') }}
          onRowClick={(row) => setCalling(row)}
        />
      </Card>
      {calling ? <RevisitDrawer revisit={calling} onClose={() => setCalling(null)} /> : null}
    </>
  );
}
