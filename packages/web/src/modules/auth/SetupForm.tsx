import { useState } from 'react';
import { Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { setupBodySchema } from '@xiaoguan/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyApiError, emptyToUndefined, parseForm, zodRules } from '../../components/form';
import { useSetup, type SetupBody } from './api';

type SetupValues = SetupBody & { confirmPassword: string };
const FIELDS = ['companyName', 'username', 'displayName', 'password'] as const;

/** First run without demo data: the company and its first administrator. */
export function SetupForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SetupValues>();
  const setup = useSetup();
  const rules = zodRules(setupBodySchema, t);
  const [alertError, setAlertError] = useState<unknown>(null);

  const submit = async () => {
    setAlertError(null);
    // The schema strips confirmPassword, which only the form needs.
    const values = parseForm(setupBodySchema, emptyToUndefined(await form.validateFields()), form, t);
    if (!values) return;
    setup.mutate(values, {
      onSuccess: onDone,
      onError: (error) => {
        if (!applyApiError(form, error, t, FIELDS)) setAlertError(error);
      },
    });
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{t('auth.setup.intro')}</Typography.Paragraph>
      <ErrorAlert error={alertError} />
      <Form form={form} layout="vertical" onFinish={() => void submit()} data-testid="setup-form">
        <Form.Item name="companyName" label={t('auth.setup.companyName')} rules={rules.companyName} required>
          <Input data-testid="setup-company" />
        </Form.Item>
        <Form.Item name="username" label={t('auth.setup.username')} rules={rules.username} required>
          <Input autoComplete="username" data-testid="setup-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('auth.setup.displayName')} rules={rules.displayName} required>
          <Input data-testid="setup-display-name" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.setup.password')} rules={rules.password} required extra={t('auth.password.hint')}>
          <Input.Password autoComplete="new-password" data-testid="setup-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('auth.setup.confirmPassword')}
          dependencies={['password']}
          required
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_rule, value: unknown) => {
                if (value !== getFieldValue('password')) throw new Error(t('common.validation.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="setup-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={setup.isPending} data-testid="setup-submit">
          {t('auth.setup.submit')}
        </Button>
      </Form>
    </>
  );
}
