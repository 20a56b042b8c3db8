import { useState } from 'react';
import { App, Col, DatePicker, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { taskInputSchema } from '@xiaoguan/shared';
import { useTimeZone } from '../../core/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyApiError, parseForm, zodRules } from '../../components/form';
import { useCreateTask } from './api';
import { CustomerSelect } from './CustomerSelect';
import { followUpPickerValue, nowPicker, pickerToIso } from './time';
import { validValues } from './hooks';
import { FormDrawer } from '../../components/FormDrawer';
import { FollowUpPicker, futureRule, useFollowUpTime } from './FollowUpPicker';

interface Values {
  customerId?: string;
  title?: string;
  dueAt?: Dayjs;
  remindAt?: Dayjs | null;
}

const FIELDS = ['customerId', 'title', 'dueAt', 'remindAt', 'ownerId'] as const;

/** A follow-up task for a customer (fixed, or chosen here). Mounted while open. */
export function TaskDrawer({ customer, onClose }: { customer?: { id: string; name: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const timeZone = useTimeZone();
  const [form] = Form.useForm<Values>();
  const create = useCreateTask();
  const followUpTime = useFollowUpTime();
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(taskInputSchema, t);
  const [initialValues] = useState<Values>(() => ({
    customerId: customer?.id,
    dueAt: followUpPickerValue(nowPicker(timeZone).add(1, 'day').startOf('day'), nowPicker(timeZone), followUpTime),
  }));

  const submit = async () => {
    setAlertError(null);
    const values = await validValues(form);
    if (!values) return;
    const body = parseForm(
      taskInputSchema,
      {
        customerId: customer?.id ?? values.customerId,
        title: values.title?.trim(),
        dueAt: values.dueAt ? pickerToIso(values.dueAt, timeZone) : undefined,
        remindAt: values.remindAt ? pickerToIso(values.remindAt, timeZone) : null,
      },
      form,
      t,
    );
    if (!body) return;
    create.mutate(body, {
      onSuccess: () => {
        message.success(t('customers.tasks.created'));
        onClose();
      },
      onError: (error) => {
        if (!applyApiError(form, error, t, FIELDS, (field) => (field === 'dueAt' ? t('customers.timeline.followUpPast') : undefined)))
          setAlertError(error);
      },
    });
  };

  return (
    <FormDrawer
      title={customer ? `${t('customers.tasks.createTitle')} · ${customer.name}` : t('customers.tasks.createTitle')}
      width={480}
      saving={create.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="task-submit"
    >
      <ErrorAlert error={alertError} />
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="task-form">
        {customer ? null : (
          <Form.Item name="customerId" label={t('customers.tasks.customer')} rules={rules.customerId} required>
            <CustomerSelect placeholder={t('customers.tasks.customerPlaceholder')} testId="task-customer" />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('customers.tasks.taskTitle')} rules={rules.title} required>
          <Input maxLength={200} data-testid="task-title" autoFocus />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="dueAt"
              label={t('customers.tasks.dueAt')}
              rules={[{ required: true, message: t('common.validation.required') }, futureRule(t, timeZone)]}
              required
            >
              <FollowUpPicker allowClear={false} testId="task-due" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="remindAt" label={t('customers.tasks.remindAt')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormDrawer>
  );
}
