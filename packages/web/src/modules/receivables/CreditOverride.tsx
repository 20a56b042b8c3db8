import { useState } from 'react';
import { Alert, App, Button, Descriptions, Form, Input } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { creditBlockSchema, creditOverrideInputSchema, type CreditBlock, type CreditOverride } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { applyApiError, parseForm, zodRules } from '../../components/form';
import { formatCents, MoneyText } from '../../components/MoneyText';
import { useRequestCreditOverride } from './api';

/** True when an API error is the R-AR-2 credit-limit refusal (422) an order or contract screen can offer an override for. */
export function isCreditBlocked(error: unknown): boolean {
  return creditBlockOf(error) !== null;
}

/** The numbers of an R-AR-2 refusal (customer, limit, outstanding, amount, over by), or null for any other error. */
export function creditBlockOf(error: unknown): CreditBlock | null {
  if (!isApiError(error) || error.status !== 422 || error.rule !== 'R-AR-2') return null;
  const parsed = creditBlockSchema.safeParse(error.data);
  return parsed.success ? parsed.data : null;
}

interface Values {
  reason?: string;
}

/** The override request: shows limit, outstanding, this amount and the excess; the rep gives a reason. Mounted while open. */
export function CreditOverrideDrawer({
  block,
  onClose,
  onRequested,
}: {
  block: CreditBlock;
  onClose: () => void;
  onRequested?: (override: CreditOverride) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const request = useRequestCreditOverride();
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(creditOverrideInputSchema, t);
  const submit = async () => {
    setAlertError(null);
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body = parseForm(
      creditOverrideInputSchema,
      { customerId: block.customerId, amountCents: block.amountCents, reason: values.reason?.trim() },
      form,
      t,
    );
    if (!body) return;
    request.mutate(body, {
      onSuccess: (override) => {
        message.success(t('receivables.credit.requested'));
        onRequested?.(override);
        onClose();
      },
      onError: (error) => {
        if (!applyApiError(form, error, t, ['reason'])) setAlertError(error);
      },
    });
  };
  return (
    <FormDrawer
      title={t('receivables.credit.overrideTitle')}
      width={480}
      saving={request.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="credit-override-submit"
    >
      <ErrorAlert error={alertError} />
      <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }} data-testid="credit-override-numbers">
        <Descriptions.Item label={t('receivables.credit.limit')}>
          <MoneyText cents={block.limitCents} />
        </Descriptions.Item>
        <Descriptions.Item label={t('receivables.credit.outstanding')}>
          <MoneyText cents={block.outstandingCents} />
        </Descriptions.Item>
        <Descriptions.Item label={t('receivables.fields.amount')}>
          <MoneyText cents={block.amountCents} />
        </Descriptions.Item>
        <Descriptions.Item label={t('receivables.credit.blockedTitle')}>
          <MoneyText cents={block.overByCents} style={{ color: '#cf1322', fontWeight: 600 }} />
        </Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical" data-testid="credit-override-form">
        <Form.Item name="reason" label={t('receivables.fields.reason')} rules={rules.reason} required>
          <Input.TextArea
            rows={4}
            maxLength={1000}
            showCount
            placeholder={t('receivables.credit.reasonPlaceholder')}
            autoFocus
            data-testid="credit-override-reason"
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

/**
 * For order and contract screens: given the error of a save, shows nothing unless it is an R-AR-2
 * refusal; then an alert with the numbers and a button opening the override request drawer.
 */
export function CreditOverrideButton({ error, onRequested }: { error: unknown; onRequested?: (override: CreditOverride) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const block = creditBlockOf(error);
  if (!block) return null;
  return (
    <>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="credit-blocked"
        title={t('receivables.credit.blockedTitle')}
        description={t('receivables.credit.blockedText', {
          amount: formatCents(block.amountCents),
          outstanding: formatCents(block.outstandingCents),
          limit: formatCents(block.limitCents),
          over: formatCents(block.overByCents),
        })}
        action={
          <Button
            size="small"
            type="primary"
            icon={<SafetyCertificateOutlined />}
            onClick={() => setOpen(true)}
            data-testid="credit-override-request"
          >
            {t('receivables.credit.requestOverride')}
          </Button>
        }
      />
      {open ? <CreditOverrideDrawer block={block} onClose={() => setOpen(false)} onRequested={onRequested} /> : null}
    </>
  );
}
