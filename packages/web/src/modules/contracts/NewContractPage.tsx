import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Row, Skeleton } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { contractCreateSchema, type Quote } from '@xiaoguan/shared';
import { api } from '../../core/api';
import { useTimeZone } from '../../core/session';
import { formatDate } from '../../core/time';
import { ErrorAlert } from '../../components/ErrorAlert';
import { parseForm, zodRules } from '../../components/form';
import { MoneyText } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { CustomerSelect, centsToYuan } from '../customers';
import { validValues } from '../../components/hooks';
import { useCreateContract, useCreateFromQuote } from './api';
import { applyContractError, contractBody, ContractFormFields, useMergeValues, type ContractFormValues } from './ContractForm';
import { productName } from '../../core/i18n';

/**
 * A new contract: by hand (customer, amount, template, body) or from an approved quote
 * (`/contracts/new?quoteId=…`: the amount is the quote's total and its lines are kept for orders).
 */
export default function NewContractPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const timeZone = useTimeZone();
  const [search] = useSearchParams();
  const quoteId = search.get('quoteId');
  const quote = useQuery({
    queryKey: ['quotes', 'detail', quoteId],
    queryFn: () => api.get<Quote>(`/quotes/${quoteId}`),
    enabled: Boolean(quoteId),
    retry: false,
  });
  const [form] = Form.useForm<ContractFormValues>();
  const create = useCreateContract();
  const fromQuote = useCreateFromQuote();
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(contractCreateSchema, t);
  const mergeValues = useMergeValues(
    form,
    { customerId: quote.data?.customerId, number: t('contracts.form.numberOnSave'), ownerName: quote.data?.ownerName },
    formatDate(new Date(), timeZone),
  );

  if (quoteId && quote.isPending)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (quoteId && !quote.data) return <ErrorAlert error={quote.error} onReload={() => void quote.refetch()} />;
  const q = quote.data;

  const submit = async () => {
    setAlertError(null);
    const values = await validValues(form);
    if (!values) return;
    const fields = contractBody(values);
    const done = {
      onSuccess: (contract: { id: string; number: string }) => {
        message.success(t('contracts.form.created', { number: contract.number }));
        navigate(`/contracts/${contract.id}?tab=plan`);
      },
      onError: (error: unknown) => {
        if (!applyContractError(form, error, t)) setAlertError(error);
      },
    };
    if (q) {
      fromQuote.mutate(
        { quoteId: q.id, body: { title: fields.title, templateId: fields.templateId, startsOn: fields.startsOn, endsOn: fields.endsOn } },
        done,
      );
      return;
    }
    const body = parseForm(contractCreateSchema, { ...fields, customerId: values.customerId }, form, t);
    if (body) create.mutate(body, done);
  };

  return (
    <>
      <Link to="/contracts" style={{ display: 'inline-flex', gap: 6, alignItems: 'center', marginBottom: 12, color: 'rgba(0,0,0,0.55)' }}>
        <ArrowLeftOutlined /> {t('contracts.detail.back')}
      </Link>
      <PageHeader
        title={q ? t('contracts.form.fromQuoteTitle', { number: q.number }) : t('contracts.form.newTitle')}
        subtitle={t('contracts.form.newSubtitle')}
      />
      <Card>
        <ErrorAlert error={alertError} />
        {q ? (
          <>
            {!['approved', 'sent', 'accepted'].includes(q.status) ? (
              <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('contracts.form.quoteNotApproved')} />
            ) : null}
            <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }} style={{ marginBottom: 16 }} data-testid="contract-quote-summary">
              <Descriptions.Item label={t('contracts.fields.quote')}>
                <Link to={`/quotes/${q.id}`}>{q.number}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('contracts.fields.customer')}>{q.customerName}</Descriptions.Item>
              <Descriptions.Item label={t('contracts.fields.amount')}>
                <MoneyText cents={q.totalCents} style={{ fontWeight: 600 }} />
              </Descriptions.Item>
              <Descriptions.Item label={t('contracts.overview.lines')}>
                {q.lines.map((line) => `${productName(line)} × ${line.quantity}`).join('；')}
              </Descriptions.Item>
            </Descriptions>
          </>
        ) : null}
        <Form
          form={form}
          layout="vertical"
          initialValues={
            q
              ? { customerId: q.customerId, title: `${q.number} 销售合同`, amount: centsToYuan(q.totalCents) }
              : { customerId: search.get('customerId') ?? undefined }
          }
          data-testid="contract-new-form"
        >
          <Row gutter={24}>
            <Col xs={24}>
              {q ? null : (
                <Form.Item name="customerId" label={t('contracts.fields.customer')} rules={rules.customerId} required>
                  <CustomerSelect placeholder={t('contracts.form.customerPlaceholder')} testId="contract-customer" />
                </Form.Item>
              )}
              <ContractFormFields form={form} rules={rules} amountLocked={Boolean(q)} mergeValues={mergeValues} />
            </Col>
          </Row>
        </Form>
        <Flex justify="flex-end" gap={8}>
          <Button onClick={() => navigate(-1)}>{t('common.actions.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending || fromQuote.isPending}
            onClick={() => void submit()}
            data-testid="contract-create-submit"
          >
            {t('contracts.form.createSubmit')}
          </Button>
        </Flex>
      </Card>
    </>
  );
}
