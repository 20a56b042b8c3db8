import { useState } from 'react';
import { App, AutoComplete, Button, Flex, Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { APPROVER_MODES, ROLES, approvalPolicyInputSchema, type ApprovalPolicy, type PolicyStep } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyApiError, parseForm, zodRules } from '../../components/form';
import { useIsPhone } from '../../components/useMediaQuery';
import { useCreatePolicy, useUpdatePolicy } from './api';
import { subjectLabel } from './labels';
import { FormDrawer } from '../../components/FormDrawer';

const KNOWN_SUBJECTS = [
  'quote.discount',
  'quote.floor',
  'contract.sign',
  'credit.override',
  'receivable.writeoff',
  'expense.claim',
  'expense.budget',
  'expense.overBudget',
  'commission.statement',
  'channel.qualification',
  'channel.rebate',
  'event.budget',
  'event.overbudget',
  'budget',
] as const;
const FIELDS = ['subjectType', 'name', 'nameEn', 'minAmountCents', 'minPercent', 'steps', 'active'] as const;

interface Values {
  subjectType?: string;
  name?: string;
  nameEn?: string;
  /** Yuan as a decimal string (InputNumber stringMode), converted to exact cents. */
  minAmount?: string | null;
  minPercent?: number | null;
  steps?: Partial<PolicyStep>[];
  active?: boolean;
}

/** "1234.5" yuan → 123450 cents, on digits, never through floating point. */
export function yuanToCents(text: string | null | undefined): number {
  if (!text) return 0;
  const [whole = '0', fraction = ''] = text.trim().split('.');
  const sign = whole.startsWith('-') ? -1 : 1;
  const digits = whole.replace('-', '') || '0';
  return sign * (Number(digits) * 100 + Number((fraction + '00').slice(0, 2)));
}

function centsToYuan(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(Math.abs(cents % 100)).padStart(2, '0')}`;
}

export type PolicyDrawerState = { mode: 'create' } | { mode: 'edit'; policy: ApprovalPolicy };

/** One row of the decision-authority matrix: subject type, thresholds, the chain of approvers. Mounted while open. */
export function PolicyDrawer({ state, onClose, onReload }: { state: PolicyDrawerState; onClose: () => void; onReload: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<Values>();
  const create = useCreatePolicy();
  const update = useUpdatePolicy();
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(approvalPolicyInputSchema, t);
  const initialValues: Values =
    state.mode === 'edit'
      ? {
          subjectType: state.policy.subjectType,
          name: state.policy.name,
          nameEn: state.policy.nameEn ?? undefined,
          minAmount: centsToYuan(state.policy.minAmountCents),
          minPercent: state.policy.minPercent,
          steps: state.policy.steps,
          active: state.policy.active,
        }
      : { steps: [{ role: 'manager', mode: 'line' }], active: true, minAmount: '0' };

  const submit = async () => {
    setAlertError(null);
    const values = await form.validateFields();
    const input = {
      subjectType: values.subjectType,
      name: values.name,
      nameEn: values.nameEn?.trim() || null,
      minAmountCents: yuanToCents(values.minAmount),
      minPercent: values.minPercent ?? null,
      steps: values.steps ?? [],
      active: values.active ?? true,
    };
    const body = parseForm(approvalPolicyInputSchema, input, form, t);
    if (!body) return;
    const onSuccess = () => {
      message.success(t('approvals.policies.saved'));
      onClose();
    };
    const onError = (error: unknown) => {
      if (!applyApiError(form, error, t, FIELDS)) setAlertError(error);
    };
    if (state.mode === 'create') create.mutate(body, { onSuccess, onError });
    else update.mutate({ id: state.policy.id, body: { ...body, version: state.policy.version } }, { onSuccess, onError });
  };

  return (
    <FormDrawer
      title={state.mode === 'edit' ? t('approvals.policies.editTitle') : t('approvals.policies.createTitle')}
      width={560}
      saving={create.isPending || update.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="policy-submit"
    >
      <ErrorAlert
        error={alertError}
        onReload={
          isApiError(alertError) && alertError.code === 'conflict'
            ? () => {
                onReload();
                onClose();
              }
            : undefined
        }
      />
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="policy-form">
        <Form.Item name="subjectType" label={t('approvals.policies.subjectType')} rules={rules.subjectType} required>
          <AutoComplete
            options={KNOWN_SUBJECTS.map((subject) => ({ value: subject, label: `${subjectLabel(subject)} (${subject})` }))}
            showSearch={{ filterOption: (input, option) => Boolean(option?.value.includes(input) || option?.label.includes(input)) }}
          />
        </Form.Item>
        <Form.Item name="name" label={t('approvals.policies.name')} rules={rules.name} required>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('approvals.policies.nameEn')} rules={rules.nameEn}>
          <Input maxLength={100} data-testid="policy-name-en" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="minAmount" label={t('approvals.policies.minAmount')} style={{ flex: '1 1 180px' }}>
            <InputNumber<string> stringMode min="0" precision={2} prefix="¥" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="minPercent" label={t('approvals.policies.minPercent')} rules={rules.minPercent} style={{ flex: '1 1 180px' }}>
            <InputNumber min={0} max={100} suffix="%" placeholder={t('approvals.policies.noThreshold')} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('approvals.policies.steps')}</Typography.Text>
        <Form.List name="steps">
          {(fields, { add, remove }, { errors }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field, index) => (
                <Flex key={field.key} gap={8} align="flex-start" wrap={isPhone}>
                  <Typography.Text type="secondary" style={{ lineHeight: '32px', minWidth: 56 }}>
                    {t('approvals.policies.step', { no: index + 1 })}
                  </Typography.Text>
                  <Form.Item
                    name={[field.name, 'role']}
                    rules={[{ required: true, message: t('common.validation.required') }]}
                    style={{ flex: '1 1 150px', marginBottom: 8 }}
                  >
                    <Select
                      placeholder={t('approvals.policies.role')}
                      options={ROLES.map((role) => ({ value: role, label: t(`common.roles.${role}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'mode']} initialValue="line" style={{ flex: '1 1 150px', marginBottom: 8 }}>
                    <Select options={APPROVER_MODES.map((mode) => ({ value: mode, label: t(`approvals.modes.${mode}`) }))} />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    disabled={fields.length <= 1}
                    onClick={() => remove(field.name)}
                    aria-label={t('common.actions.delete')}
                  />
                </Flex>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                disabled={fields.length >= 8}
                onClick={() => add({ mode: 'line' })}
                block
                style={{ marginBottom: 16 }}
              >
                {t('approvals.policies.addStep')}
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="active" label={t('approvals.policies.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
