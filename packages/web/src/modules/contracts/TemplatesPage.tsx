import { useState } from 'react';
import { App, Button, Card, Form, Input, Popconfirm, Space, Switch, Tag } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { contractTemplateInputSchema, type ContractTemplate } from '@xiaoguan/shared';
import { useTimeZone } from '../../core/session';
import { formatDate } from '../../core/time';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { applyApiError, parseForm, zodRules } from '../../components/form';
import { PageHeader } from '../../components/PageHeader';
import { validValues } from '../../components/hooks';
import { useContractTemplates, useCreateTemplate, useDeleteTemplate, useUpdateTemplate } from './api';
import { BodyEditor, sampleMergeValues } from './BodyEditor';

interface Values {
  name?: string;
  body?: string;
  active?: boolean;
}

const STARTER = `销售合同

合同编号：{{contract.number}}
甲方（买方）：{{customer.name}}
地址：{{customer.address}}
统一社会信用代码：{{customer.taxId}}

乙方（卖方）：示例科技有限公司

一、合同金额：{{contract.amount}}。
二、合同期限：自{{contract.startsOn}}起至{{contract.endsOn}}止。
三、付款方式：按双方确认的回款计划分期支付。

甲方（盖章）：\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000乙方（盖章）：
签订日期：{{contract.signedOn}}\u3000\u3000\u3000乙方经办人：{{owner.name}}
`;

/** Creates or edits a template with merge fields and a preview on sample values. Mounted while open. */
function TemplateDrawer({ template, onClose }: { template: ContractTemplate | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const timeZone = useTimeZone();
  const [form] = Form.useForm<Values>();
  const create = useCreateTemplate();
  const update = useUpdateTemplate();
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(contractTemplateInputSchema, t);
  const submit = async () => {
    setAlertError(null);
    const values = await validValues(form);
    if (!values) return;
    const body = parseForm(
      contractTemplateInputSchema,
      { name: values.name?.trim(), body: values.body, active: values.active ?? true },
      form,
      t,
    );
    if (!body) return;
    const done = {
      onSuccess: () => {
        message.success(t('common.saved'));
        onClose();
      },
      onError: (error: unknown) => {
        if (!applyApiError(form, error, t, ['name', 'body', 'active'])) setAlertError(error);
      },
    };
    if (template) update.mutate({ id: template.id, body: { ...body, version: template.version } }, done);
    else create.mutate(body, done);
  };
  return (
    <FormDrawer
      title={template ? t('contracts.templates.editTitle') : t('contracts.templates.createTitle')}
      width={760}
      saving={create.isPending || update.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="template-save"
    >
      <ErrorAlert error={alertError} />
      <Form
        form={form}
        layout="vertical"
        initialValues={template ? { name: template.name, body: template.body, active: template.active } : { body: STARTER, active: true }}
        data-testid="template-form"
      >
        <Form.Item name="name" label={t('contracts.templates.name')} rules={rules.name} required>
          <Input maxLength={100} data-testid="template-name" />
        </Form.Item>
        <Form.Item name="active" label={t('contracts.templates.active')} valuePropName="checked">
          <Switch data-testid="template-active" />
        </Form.Item>
        <Form.Item name="body" label={t('contracts.fields.body')} rules={rules.body} required>
          <BodyEditor values={sampleMergeValues(formatDate(new Date(), timeZone))} testId="template-body" rows={18} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

/** Contract templates (合同模板): admin, director and ops keep them; reps pick the active ones. */
export default function TemplatesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const templates = useContractTemplates();
  const remove = useDeleteTemplate();
  const [editing, setEditing] = useState<ContractTemplate | null | 'new'>(null);
  const columns: ColumnsType<ContractTemplate> = [
    { title: t('contracts.templates.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('contracts.templates.active'),
      key: 'active',
      render: (_, tpl) => (tpl.active ? <Tag color="success">{t('common.status.active')}</Tag> : <Tag>{t('common.status.disabled')}</Tag>),
    },
    { title: t('contracts.templates.updatedAt'), key: 'updatedAt', render: (_, tpl) => <DateTimeText value={tpl.updatedAt} /> },
    {
      key: 'actions',
      align: 'right',
      render: (_, tpl) => (
        <Space>
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(tpl)} data-testid={`template-edit-${tpl.name}`}>
            {t('common.actions.edit')}
          </Button>
          <Popconfirm
            title={t('contracts.templates.deleteConfirm')}
            onConfirm={() => remove.mutate(tpl.id, { onError: (error) => message.error(errorMessage(t, error)) })}
          >
            <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.actions.delete')} />
          </Popconfirm>
        </Space>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('contracts.templates.title')}
        subtitle={t('contracts.templates.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="template-create">
            {t('contracts.templates.create')}
          </Button>
        }
      />
      <Card>
        <DataTable<ContractTemplate>
          testId="templates-table"
          rowKey={(tpl) => tpl.id}
          rowTestKey={(tpl) => tpl.name}
          data={templates.data}
          loading={templates.isFetching}
          error={templates.error}
          onRetry={() => void templates.refetch()}
          columns={columns}
        />
      </Card>
      {editing ? <TemplateDrawer template={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
