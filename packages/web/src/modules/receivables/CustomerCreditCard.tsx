import { useState } from 'react';
import { App, Button, Card, Col, Form, Input, List, Modal, Row, Statistic, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { creditLimitInputSchema, type CustomerCredit } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { useCan } from '../../core/session';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyApiError, issueMessage } from '../../components/form';
import { MoneyText } from '../../components/MoneyText';
import { useCreditOverrides, useCustomerCredit, useSetCreditLimit } from './api';
import { OverrideStatusTag } from './labels';
import { centsToYuan, yuanToCents } from './money';

/** Finance/director set or clear the limit; the customer's version guards against a concurrent edit. Mounted while open. */
function CreditLimitModal({ credit, onClose }: { credit: CustomerCredit; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ creditLimitCents?: string }>();
  const save = useSetCreditLimit(credit.customerId);
  const [alertError, setAlertError] = useState<unknown>(null);
  const limitRule = {
    validator: async (_rule: unknown, raw: string | undefined) => {
      const cents = yuanToCents(raw);
      if (cents === null) return;
      if (Number.isNaN(cents)) throw new Error(t('common.validation.format'));
      const result = creditLimitInputSchema.shape.creditLimitCents.safeParse(cents);
      if (!result.success) throw new Error(issueMessage(t, result.error.issues[0]!, 'creditLimitCents', cents));
    },
  };
  const submit = async () => {
    setAlertError(null);
    let values: { creditLimitCents?: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    save.mutate(
      { creditLimitCents: yuanToCents(values.creditLimitCents), version: credit.version },
      {
        onSuccess: () => {
          message.success(t('receivables.credit.saved'));
          onClose();
        },
        onError: (error) => {
          if (!applyApiError(form, error, t, ['creditLimitCents'])) setAlertError(error);
        },
      },
    );
  };
  return (
    <Modal
      open
      title={t('receivables.credit.editTitle', { name: credit.customerName })}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'credit-limit-submit' }}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
    >
      <ErrorAlert error={alertError} onReload={isApiError(alertError) && alertError.code === 'conflict' ? onClose : undefined} />
      <Form form={form} layout="vertical" initialValues={{ creditLimitCents: centsToYuan(credit.creditLimitCents) }}>
        <Form.Item
          name="creditLimitCents"
          label={t('receivables.credit.limitYuan')}
          rules={[limitRule]}
          extra={t('receivables.credit.limitHelp')}
        >
          <Input inputMode="decimal" prefix="¥" allowClear autoFocus data-testid="credit-limit-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * R-AR-2 on the customer page: credit limit, outstanding balance, what is left, the override requests;
 * finance and the director edit the limit. Renders nothing for roles that do not read receivables.
 */
export function CustomerCreditCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const readable = can('receivables.read');
  const credit = useCustomerCredit(customerId, readable);
  const overrides = useCreditOverrides({ customerId, page: 1, pageSize: 5 }, readable);
  const [editing, setEditing] = useState(false);
  if (!readable || !credit.data) return null;
  const data = credit.data;
  const over = data.availableCents !== null && data.availableCents < 0;
  return (
    <Card
      size="small"
      title={t('receivables.credit.title')}
      style={{ marginBottom: 16 }}
      data-testid="customer-credit"
      extra={
        data.abilities.edit ? (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="credit-limit-edit">
            {t('receivables.credit.edit')}
          </Button>
        ) : null
      }
    >
      <Row gutter={[16, 12]}>
        <Col xs={8}>
          <Statistic
            title={t('receivables.credit.limit')}
            valueRender={() =>
              data.creditLimitCents === null ? (
                <Typography.Text type="secondary">{t('receivables.credit.noLimit')}</Typography.Text>
              ) : (
                <MoneyText cents={data.creditLimitCents} />
              )
            }
            styles={{ content: { fontSize: 16 } }}
          />
        </Col>
        <Col xs={8}>
          <Statistic
            title={t('receivables.credit.outstanding')}
            valueRender={() => <MoneyText cents={data.outstandingCents} />}
            styles={{ content: { fontSize: 16 } }}
          />
        </Col>
        <Col xs={8}>
          <Statistic
            title={t('receivables.credit.available')}
            valueRender={() => <MoneyText cents={data.availableCents} style={over ? { color: '#cf1322' } : undefined} />}
            styles={{ content: { fontSize: 16 } }}
          />
        </Col>
      </Row>
      {overrides.data?.items.length ? (
        <List
          size="small"
          style={{ marginTop: 12 }}
          header={<Typography.Text type="secondary">{t('receivables.credit.overrides')}</Typography.Text>}
          dataSource={overrides.data.items}
          renderItem={(item) => (
            <List.Item key={item.id} extra={<OverrideStatusTag status={item.status} />}>
              <List.Item.Meta
                title={
                  <span>
                    <MoneyText cents={item.amountCents} /> · {item.requestedByName}
                  </span>
                }
                description={
                  <span>
                    <DateTimeText value={item.createdAt} dateOnly /> · {item.reason}
                  </span>
                }
              />
            </List.Item>
          )}
        />
      ) : null}
      {editing ? <CreditLimitModal credit={data} onClose={() => setEditing(false)} /> : null}
    </Card>
  );
}
