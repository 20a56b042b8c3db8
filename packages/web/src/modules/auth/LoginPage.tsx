import { useRef, useState } from 'react';
import { Alert, Button, Form, Input, Skeleton, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { loginBodySchema, type LoginBody, type Me } from '@xiaoguan/shared';
import { api, isApiError } from '../../core/api';
import { currentLocale } from '../../core/i18n';
import { meQueryKey, useMeQuery } from '../../core/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { emptyToUndefined, parseForm, zodRules } from '../../components/form';
import { AuthCard } from './AuthCard';
import { SetupForm } from './SetupForm';
import { useLogin, useSetupStatus } from './api';

/** Only paths inside this app: never an open redirect. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginBody>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMeQuery();
  const setup = useSetupStatus();
  const login = useLogin();
  const [setupDone, setSetupDone] = useState(false);
  const [formError, setFormError] = useState<unknown>(null);
  // A language chosen on this page is saved on the profile; otherwise the profile's wins.
  const localeOnArrival = useRef(currentLocale());
  const rules = zodRules(loginBodySchema, t);
  const next = safeNext(params.get('next'));

  if (me.data) return <Navigate to={next} replace />;

  const submit = async () => {
    setFormError(null);
    const values = parseForm(loginBodySchema, emptyToUndefined(await form.validateFields()), form, t);
    if (!values) return;
    login.mutate(values, {
      onSuccess: async (signedIn) => {
        let current: Me = signedIn;
        const chosen = currentLocale();
        if (chosen !== localeOnArrival.current && chosen !== signedIn.locale) {
          current = await api.patch<Me>('/auth/profile', { locale: chosen }).catch(() => signedIn);
        }
        queryClient.setQueryData(meQueryKey, current);
        navigate(next, { replace: true });
      },
      onError: (error) => {
        if (isApiError(error) && error.code === 'unauthenticated') {
          form.setFields([{ name: 'password', errors: [t('auth.login.wrongPassword')] }]);
        } else {
          setFormError(error);
        }
      },
    });
  };

  if (setup.isPending) {
    return (
      <AuthCard title={t('auth.login.title')}>
        <Skeleton active />
      </AuthCard>
    );
  }

  if (setup.data?.needsSetup) {
    return (
      <AuthCard title={t('auth.setup.title')} wide>
        <SetupForm onDone={() => setSetupDone(true)} />
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('auth.login.title')}>
      <Typography.Paragraph type="secondary">{t('auth.login.tagline')}</Typography.Paragraph>
      {setupDone ? <Alert type="success" showIcon title={t('auth.setup.done')} style={{ marginBottom: 16 }} /> : null}
      <ErrorAlert error={formError ?? setup.error} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()} data-testid="login-form" size="large">
        <Form.Item name="username" label={t('auth.login.username')} rules={rules.username}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.login.password')} rules={rules.password}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
          {t('auth.login.submit')}
        </Button>
      </Form>
    </AuthCard>
  );
}
