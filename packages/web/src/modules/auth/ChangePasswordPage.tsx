import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { changePasswordBodySchema } from '@xiaoguan/shared';
import { useLogout, useMe } from '../../core/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { applyApiError, emptyToUndefined, parseForm, zodRules } from '../../components/form';
import { AuthCard } from './AuthCard';
import { useChangePassword, type ChangePasswordBody } from './api';

type Values = ChangePasswordBody & { confirmPassword: string };
const FIELDS = ['currentPassword', 'newPassword'] as const;

function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const rules = zodRules(changePasswordBodySchema, t);
  const [alertError, setAlertError] = useState<unknown>(null);

  const submit = async () => {
    setAlertError(null);
    const values = parseForm(changePasswordBodySchema, emptyToUndefined(await form.validateFields()), form, t);
    if (!values) return;
    if (values.currentPassword === values.newPassword) {
      form.setFields([{ name: 'newPassword', errors: [t('auth.password.sameAsOld')] }]);
      return;
    }
    change.mutate(values, {
      onSuccess: () => {
        message.success(t('auth.password.changed'));
        onDone();
      },
      onError: (error) => {
        const placed = applyApiError(form, error, t, FIELDS, (field) =>
          field === 'currentPassword'
            ? t('auth.password.currentWrong')
            : field === 'newPassword'
              ? t('auth.password.sameAsOld')
              : undefined,
        );
        if (!placed) setAlertError(error);
      },
    });
  };

  return (
    <Form form={form} layout="vertical" onFinish={() => void submit()} data-testid="change-password-form" style={{ maxWidth: 420 }}>
      <ErrorAlert error={alertError} />
      <Form.Item name="currentPassword" label={t('auth.password.currentPassword')} rules={rules.currentPassword} required>
        <Input.Password autoComplete="current-password" data-testid="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('auth.password.newPassword')}
        rules={rules.newPassword}
        required
        extra={t('auth.password.hint')}
      >
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('auth.password.confirmPassword')}
        dependencies={['newPassword']}
        required
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_rule, value: unknown) => {
              if (value !== getFieldValue('newPassword')) throw new Error(t('common.validation.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="confirm-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="change-password-submit">
        {t('auth.password.submit')}
      </Button>
    </Form>
  );
}

/** Change my password; full-page and unavoidable while Me.mustChangePassword is set. */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const logout = useLogout();
  const done = () => navigate('/', { replace: true });

  if (me.mustChangePassword) {
    return (
      <AuthCard
        title={t('auth.password.forcedTitle')}
        extra={
          <Button type="link" size="small" onClick={() => logout.mutate()} data-testid="logout">
            {t('app.user.logout')}
          </Button>
        }
      >
        <Alert type="info" showIcon title={t('auth.password.forcedIntro')} style={{ marginBottom: 16 }} />
        <ChangePasswordForm onDone={done} />
      </AuthCard>
    );
  }
  return (
    <>
      <PageHeader title={t('auth.password.title')} />
      <Card>
        <ChangePasswordForm onDone={done} />
      </Card>
    </>
  );
}
