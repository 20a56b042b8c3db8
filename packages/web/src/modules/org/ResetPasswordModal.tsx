import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { resetPasswordBodySchema, type User } from '@xiaoguan/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyApiError, emptyToUndefined, parseForm, zodRules } from '../../components/form';
import { useResetPassword } from './api';

interface Values {
  newPassword?: string;
  confirmPassword?: string;
}

/** Mounted while open. */
export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const reset = useResetPassword();
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(resetPasswordBodySchema, t);

  const submit = async () => {
    setAlertError(null);
    const body = parseForm(resetPasswordBodySchema, emptyToUndefined(await form.validateFields()), form, t);
    if (!body) return;
    reset.mutate(
      { id: user.id, newPassword: body.newPassword },
      {
        onSuccess: () => {
          message.success(t('org.users.passwordReset'));
          onClose();
        },
        onError: (error) => {
          if (!applyApiError(form, error, t, ['newPassword'])) setAlertError(error);
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t('org.users.resetPasswordTitle', { name: user.displayName })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.actions.confirm')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={reset.isPending}
      okButtonProps={{ 'data-testid': 'reset-password-submit' } as Record<string, string>}
    >
      <Alert type="warning" showIcon title={t('org.users.resetPasswordHint')} style={{ marginBottom: 16 }} />
      <ErrorAlert error={alertError} />
      <Form form={form} layout="vertical">
        <Form.Item name="newPassword" label={t('org.users.newPassword')} rules={rules.newPassword} required>
          <Input.Password autoComplete="new-password" data-testid="reset-password-new" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('org.users.confirmPassword')}
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
          <Input.Password autoComplete="new-password" data-testid="reset-password-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
