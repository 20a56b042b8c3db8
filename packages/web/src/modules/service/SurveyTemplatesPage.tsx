import { useState } from 'react';
import { App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Select, Space, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { SURVEY_TIERS, SURVEY_TRIGGERS, type SurveyTemplate } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { PageHeader } from '../../components/PageHeader';
import { DataTable } from '../../components/DataTable';
import { FormDrawer } from '../../components/FormDrawer';
import { CustomerSelect } from '../customers';
import { surveyUrl, useSaveTemplate, useSendSurvey, useSurveyTemplates, type TemplateInput } from './api';

function TemplateDrawer({ template, onClose }: { template: SurveyTemplate | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveTemplate();
  const [form] = Form.useForm<TemplateInput>();
  const trigger = Form.useWatch('trigger', form);
  const submit = async () => {
    const values = await form.validateFields();
    const questions = (values.questions ?? []).map((q, i) => ({ id: q.id || `q${i + 1}`, text: q.text }));
    // Only a periodic template keeps a schedule; an emptied tier is left out (not surveyed).
    const tierMonths =
      values.trigger === 'periodic'
        ? Object.fromEntries(Object.entries(values.tierMonths ?? {}).filter(([, months]) => typeof months === 'number' && months > 0))
        : {};
    save.mutate(
      { ...values, script: values.script ?? '', tierMonths, questions, id: template?.id, version: template?.version },
      {
        onSuccess: () => {
          message.success(t('service.templates.saved'));
          onClose();
        },
        onError: (error) => message.error(error.message),
      },
    );
  };
  return (
    <FormDrawer
      title={t(template ? 'service.templates.edit' : 'service.templates.create')}
      width={520}
      saving={save.isPending}
      onSave={submit}
      onClose={onClose}
      submitTestId="template-save"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          template ?? { trigger: 'ticket_closed', csat: true, nps: true, questions: [], active: true, script: '', tierMonths: {} }
        }
      >
        <Form.Item name="name" label={t('service.templates.name')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="template-name" />
        </Form.Item>
        <Form.Item name="trigger" label={t('service.templates.trigger')}>
          <Select
            options={SURVEY_TRIGGERS.map((v) => ({ value: v, label: t(`service.templates.triggers.${v}`) }))}
            data-testid="template-trigger"
          />
        </Form.Item>
        {trigger === 'periodic' ? (
          <Form.Item label={t('service.templates.tierMonths')} extra={t('service.templates.tierHint')} required>
            <Flex gap={8} wrap>
              {SURVEY_TIERS.map((tier) => (
                <Form.Item key={tier} name={['tierMonths', tier]} noStyle>
                  <InputNumber
                    min={1}
                    max={24}
                    addonBefore={t('service.templates.tier', { tier })}
                    style={{ width: 150 }}
                    data-testid={`template-tier-${tier}`}
                  />
                </Form.Item>
              ))}
            </Flex>
          </Form.Item>
        ) : null}
        <Form.Item name="csat" valuePropName="checked">
          <Checkbox>{t('service.templates.csat')}</Checkbox>
        </Form.Item>
        <Form.Item name="nps" valuePropName="checked">
          <Checkbox>{t('service.templates.nps')}</Checkbox>
        </Form.Item>
        <Typography.Text strong>{t('service.templates.questions')}</Typography.Text>
        <Form.List name="questions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="baseline">
                  <Form.Item name={[field.name, 'id']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[field.name, 'text']} rules={[{ required: true, max: 300 }]} style={{ flex: 1 }}>
                    <Input />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ id: '', text: '' })} disabled={fields.length >= 10}>
                {t('service.templates.addQuestion')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item
          name="script"
          label={t('service.templates.script')}
          extra={t('service.templates.scriptHint')}
          rules={[{ max: 4000 }]}
          style={{ marginTop: 16 }}
        >
          <Input.TextArea rows={4} data-testid="template-script" />
        </Form.Item>
        <Form.Item name="active" label={t('service.templates.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

function SendDrawer({ template, onClose }: { template: SurveyTemplate; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const send = useSendSurvey();
  const [customerId, setCustomerId] = useState<string | undefined>();
  return (
    <FormDrawer
      title={`${t('service.templates.send')} · ${template.name}`}
      width={460}
      saving={send.isPending}
      submitDisabled={!customerId}
      onSave={() =>
        send.mutate(
          { templateId: template.id, customerId: customerId! },
          {
            onSuccess: ({ token }) => {
              modal.success({
                title: t('service.templates.sentLink'),
                content: <Typography.Text copyable>{surveyUrl(token)}</Typography.Text>,
              });
              onClose();
            },
            onError: (error) => message.error(error.message),
          },
        )
      }
      onClose={onClose}
      submitTestId="survey-send"
    >
      <Typography.Paragraph>{t('service.templates.sendTo')}</Typography.Paragraph>
      <CustomerSelect value={customerId} onChange={setCustomerId} />
    </FormDrawer>
  );
}

/** Survey templates (R-SVC-2): what is asked and when it is sent. */
export default function SurveyTemplatesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const templates = useSurveyTemplates();
  const [editing, setEditing] = useState<SurveyTemplate | 'new' | null>(null);
  const [sending, setSending] = useState<SurveyTemplate | null>(null);
  const columns: ColumnsType<SurveyTemplate> = [
    { title: t('service.templates.name'), dataIndex: 'name' },
    {
      title: t('service.templates.trigger'),
      render: (_: unknown, row) => (
        <Space size={4} wrap>
          {t(`service.templates.triggers.${row.trigger}`)}
          {row.trigger === 'periodic'
            ? Object.entries(row.tierMonths).map(([tier, months]) => (
                <Tag key={tier}>
                  {tier} · {months}
                </Tag>
              ))
            : null}
        </Space>
      ),
    },
    {
      title: t('service.templates.questions'),
      render: (_: unknown, row) => (
        <Space size={4} wrap>
          {row.csat ? <Tag>CSAT</Tag> : null}
          {row.nps ? <Tag>NPS</Tag> : null}
          {row.questions.length ? <Tag>+{row.questions.length}</Tag> : null}
        </Space>
      ),
    },
    { title: t('service.templates.sent'), dataIndex: 'sent', align: 'right' },
    { title: t('service.templates.answered'), dataIndex: 'answered', align: 'right' },
    { title: t('service.templates.active'), render: (_: unknown, row) => (row.active ? <Tag color="green">✓</Tag> : <Tag>—</Tag>) },
    {
      title: '',
      render: (_: unknown, row) =>
        can('surveys.send') && row.active ? (
          <Button size="small" icon={<SendOutlined />} onClick={(e) => (e.stopPropagation(), setSending(row))}>
            {t('service.templates.send')}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <PageHeader
        title={t('service.templates.title')}
        subtitle={t('service.templates.subtitle')}
        extra={
          can('surveys.configure') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="template-create">
              {t('service.templates.create')}
            </Button>
          ) : null
        }
      />
      <Card>
        <DataTable
          data={templates.data}
          loading={templates.isFetching}
          error={templates.error}
          onRetry={() => void templates.refetch()}
          columns={columns}
          rowKey={(row) => row.id}
          testId="templates-table"
          onRowClick={can('surveys.configure') ? (row) => setEditing(row) : undefined}
        />
      </Card>
      {editing ? <TemplateDrawer template={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      {sending ? <SendDrawer template={sending} onClose={() => setSending(null)} /> : null}
    </>
  );
}
