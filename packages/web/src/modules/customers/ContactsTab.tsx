import { useState } from 'react';
import { App, Button, Checkbox, Col, Flex, Form, Input, Popconfirm, Row, Select, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, StarFilled } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { contactInputSchema, contactUpdateSchema, type Customer } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { applyApiError, parseForm, zodRules } from '../../components/form';
import { useContacts, useCreateContact, useDeleteContact, useUpdateContact, type Contact } from './api';
import { EmptyState } from './CustomerTable';
import { enumOptions } from './labels';
import { validValues } from '../../components/hooks';
import { FormDrawer } from '../../components/FormDrawer';

interface Values {
  name?: string;
  title?: string;
  decisionRole?: string | null;
  phone?: string;
  email?: string;
  wechat?: string;
  isPrimary?: boolean;
}

const FIELDS = ['name', 'title', 'decisionRole', 'phone', 'email', 'wechat', 'isPrimary'] as const;
const blank = (value: string | undefined | null) => (value && value.trim() ? value.trim() : null);

/** Create or edit one contact of the customer. Mounted while open. */
function ContactDrawer({
  customerId,
  contact,
  onClose,
  onReload,
}: {
  customerId: string;
  contact: Contact | null;
  onClose: () => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateContact(customerId);
  const update = useUpdateContact(customerId);
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(contactInputSchema, t);
  const options = enumOptions(t);

  const submit = async () => {
    setAlertError(null);
    const values = await validValues(form);
    if (!values) return;
    const body = {
      name: values.name?.trim(),
      title: blank(values.title),
      decisionRole: values.decisionRole ?? null,
      phone: blank(values.phone),
      email: blank(values.email),
      wechat: blank(values.wechat),
      isPrimary: Boolean(values.isPrimary),
    };
    const onError = (error: unknown) => {
      if (!applyApiError(form, error, t, FIELDS)) setAlertError(error);
    };
    if (!contact) {
      const parsed = parseForm(contactInputSchema, body, form, t);
      if (!parsed) return;
      create.mutate(parsed, {
        onSuccess: () => {
          message.success(t('customers.contacts.created'));
          onClose();
        },
        onError,
      });
      return;
    }
    // Only what changed: masked phone numbers (R-SEC-1) are never sent back.
    const before: Record<string, unknown> = {
      name: contact.name,
      title: contact.title,
      decisionRole: contact.decisionRole,
      phone: contact.phone,
      email: contact.email,
      wechat: contact.wechat,
      isPrimary: contact.isPrimary,
    };
    const changed = Object.fromEntries(Object.entries(body).filter(([key, value]) => value !== before[key]));
    if (!Object.keys(changed).length) {
      onClose();
      return;
    }
    const parsed = parseForm(contactUpdateSchema, { ...changed, version: contact.version }, form, t);
    if (!parsed) return;
    update.mutate(
      { id: contact.id, body: parsed },
      {
        onSuccess: () => {
          message.success(t('customers.contacts.updated'));
          onClose();
        },
        onError,
      },
    );
  };

  const isConflict = isApiError(alertError) && alertError.code === 'conflict';
  return (
    <FormDrawer
      title={contact ? t('customers.contacts.editTitle', { name: contact.name }) : t('customers.contacts.createTitle')}
      width={480}
      saving={create.isPending || update.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="contact-submit"
    >
      <ErrorAlert
        error={alertError}
        onReload={
          isConflict
            ? () => {
                onReload();
                onClose();
              }
            : undefined
        }
      />
      <Form
        form={form}
        layout="vertical"
        data-testid="contact-form"
        initialValues={
          contact
            ? {
                name: contact.name,
                title: contact.title ?? undefined,
                decisionRole: contact.decisionRole,
                phone: contact.phone ?? undefined,
                email: contact.email ?? undefined,
                wechat: contact.wechat ?? undefined,
                isPrimary: contact.isPrimary,
              }
            : { isPrimary: false }
        }
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('customers.contacts.name')} rules={rules.name} required>
              <Input maxLength={100} data-testid="contact-name" autoFocus />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="title" label={t('customers.contacts.titleField')} rules={rules.title}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="decisionRole" label={t('customers.contacts.decisionRole')}>
          <Select allowClear options={options.decisionRoles} data-testid="contact-role" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('customers.contacts.phone')} rules={rules.phone}>
              <Input inputMode="tel" autoComplete="off" data-testid="contact-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="email" label={t('customers.contacts.email')} rules={rules.email}>
              <Input inputMode="email" autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="wechat" label={t('customers.contacts.wechat')} rules={rules.wechat}>
          <Input maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item name="isPrimary" valuePropName="checked">
          <Checkbox>{t('customers.contacts.primary')}</Checkbox>
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

const ROLE_COLORS: Record<string, string> = { decision_maker: 'red', influencer: 'orange', user: 'blue', gatekeeper: 'purple' };

/** The customer's people: title and decision role, how to reach them; edit when allowed. */
export function ContactsTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const contacts = useContacts(customer.id);
  const remove = useDeleteContact(customer.id);
  const [drawer, setDrawer] = useState<{ contact: Contact | null } | null>(null);
  const editable = customer.abilities.update === true;

  const columns: ColumnsType<Contact> = [
    {
      title: t('customers.contacts.name'),
      key: 'name',
      render: (_, contact) => (
        <Flex gap={6} align="center">
          <span style={{ fontWeight: 500 }}>{contact.name}</span>
          {contact.isPrimary ? <StarFilled style={{ color: '#faad14' }} title={t('customers.contacts.primary')} /> : null}
        </Flex>
      ),
    },
    { title: t('customers.contacts.titleField'), key: 'title', render: (_, contact) => contact.title ?? '—' },
    {
      title: t('customers.contacts.decisionRole'),
      key: 'decisionRole',
      render: (_, contact) =>
        contact.decisionRole ? (
          <Tag color={ROLE_COLORS[contact.decisionRole]} style={{ marginInlineEnd: 0 }}>
            {t(`customers.decisionRoles.${contact.decisionRole}`)}
          </Tag>
        ) : (
          '—'
        ),
    },
    { title: t('customers.contacts.phone'), key: 'phone', render: (_, contact) => contact.phone ?? '—' },
    { title: t('customers.contacts.email'), key: 'email', render: (_, contact) => contact.email ?? '—' },
    { title: t('customers.contacts.wechat'), key: 'wechat', render: (_, contact) => contact.wechat ?? '—' },
  ];
  if (editable) {
    columns.push({
      title: t('customers.contacts.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, contact) => (
        <Space size={0}>
          <Button
            size="small"
            type="link"
            icon={<EditOutlined />}
            onClick={() => setDrawer({ contact })}
            data-testid={`contact-edit-${contact.id}`}
          >
            {t('common.actions.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmTitle')}
            description={t('customers.contacts.deleteConfirm', { name: contact.name })}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              remove.mutate(contact.id, {
                onSuccess: () => message.success(t('customers.contacts.deleted')),
                onError: (error) => message.error(errorMessage(t, error)),
              })
            }
          >
            <Button size="small" type="link" danger icon={<DeleteOutlined />}>
              {t('common.actions.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  const empty = contacts.data && contacts.data.length === 0;
  return (
    <div data-testid="customer-contacts">
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {contacts.data ? t('common.table.total', { total: contacts.data.length }) : null}
        </Typography.Text>
        {editable ? (
          <Button icon={<PlusOutlined />} onClick={() => setDrawer({ contact: null })} data-testid="contact-create">
            {t('customers.contacts.create')}
          </Button>
        ) : null}
      </Flex>
      {empty ? (
        <div style={{ padding: '24px 0' }}>
          <EmptyState title={t('customers.contacts.empty')} hint={t('customers.contacts.emptyHint')} />
        </div>
      ) : (
        <DataTable<Contact>
          testId="contacts-table"
          data={contacts.data}
          loading={contacts.isFetching}
          error={contacts.error}
          onRetry={() => void contacts.refetch()}
          rowKey={(contact) => contact.id}
          columns={columns}
        />
      )}
      {drawer ? (
        <ContactDrawer
          customerId={customer.id}
          contact={drawer.contact}
          onClose={() => setDrawer(null)}
          onReload={() => void contacts.refetch()}
        />
      ) : null}
    </div>
  );
}
