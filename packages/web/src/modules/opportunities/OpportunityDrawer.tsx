import { useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, Col, DatePicker, Flex, Form, Input, InputNumber, Row, Select, Spin, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import {
  opportunityCreateSchema,
  type GateRequirement,
  type OpportunityDetail,
  type OpportunityStage,
  type ProductOption,
} from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { dayjs } from '../../core/time';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { applyApiError, zodRules } from '../../components/form';
import { formatCents } from '../../components/MoneyText';
import { CustomerSelect, centsToYuan, yuanToCents } from '../customers';
import { useSeesOthers } from '../../components/useSeesOthers';
import { useDebounced, validValues } from '../../components/hooks';
import { UserSelect } from '../org';
import { useCreateOpportunity, useOpportunitySettings, useProductOptions, useUpdateOpportunity } from './api';
import { requirementList, sourceOptions, stageOptions } from './labels';
import { productName } from '../../core/i18n';

export type OpportunityDrawerState =
  { mode: 'create'; customer?: { id: string; name: string } } | { mode: 'edit'; opportunity: OpportunityDetail };

interface LineValues {
  productId?: string;
  quantity?: number;
  amountYuan?: string;
}

interface Values {
  name?: string;
  customerId?: string;
  ownerId?: string | null;
  stage?: OpportunityStage;
  amountYuan?: string;
  probability?: number | null;
  expectedCloseOn?: Dayjs | null;
  products?: LineValues[];
  competitors?: string[];
  nextStep?: string;
  source?: string | null;
}

const FIELDS = [
  'name',
  'customerId',
  'ownerId',
  'stage',
  'amountYuan',
  'probability',
  'expectedCloseOn',
  'products',
  'competitors',
  'nextStep',
  'source',
] as const;
/** Where each OPP-GATE requirement is filled in on this form. */
const REQUIREMENT_FIELD: Partial<Record<GateRequirement, (typeof FIELDS)[number]>> = {
  amount: 'amountYuan',
  expectedCloseOn: 'expectedCloseOn',
  nextStep: 'nextStep',
};
const OPEN_STAGES_FOR_CREATE: OpportunityStage[] = ['lead', 'discovery', 'solution', 'negotiation'];

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div style={{ marginBottom: 8 }}>
      <Typography.Text
        strong
        style={{ display: 'block', margin: '4px 0 12px', paddingBottom: 6, borderBottom: '1px solid #f0f0f0', color: '#1f2a44' }}
      >
        {title}
      </Typography.Text>
      {children}
    </div>
  );
}

/** Picks an active product by searching the server; remembers labels of products already chosen. */
function ProductSelect({
  value,
  onChange,
  known,
  onPick,
  testId,
}: {
  value?: string;
  onChange?: (value: string) => void;
  known: ProductOption[];
  onPick: (product: ProductOption) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const options = useProductOptions(q);
  const all = useMemo(() => {
    const byId = new Map(known.map((product) => [product.id, product]));
    for (const product of options.data ?? []) byId.set(product.id, product);
    return [...byId.values()];
  }, [known, options.data]);
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={(next) => {
        onChange?.(next);
        const product = all.find((item) => item.id === next);
        if (product) onPick(product);
      }}
      placeholder={t('opportunities.form.productPlaceholder')}
      notFoundContent={options.isFetching ? <Spin size="small" /> : t('common.table.empty')}
      options={all.map((product) => ({ value: product.id, label: `${product.code} · ${product.name}` }))}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

/**
 * Create or edit an opportunity, validated with the shared schema. Money is typed in yuan and sent
 * in cents. A refused stage gate (OPP-GATE) shows what is missing against the fields that fill it.
 */
export function OpportunityDrawer({
  state,
  onClose,
  onSaved,
}: {
  state: OpportunityDrawerState;
  onClose: () => void;
  onSaved?: (opportunity: OpportunityDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const seesOthers = useSeesOthers();
  const [form] = Form.useForm<Values>();
  const create = useCreateOpportunity();
  const update = useUpdateOpportunity();
  const settings = useOpportunitySettings();
  const [alertError, setAlertError] = useState<unknown>(null);
  const [gate, setGate] = useState<{ stage: OpportunityStage; missing: GateRequirement[] } | null>(null);
  const rules = zodRules(opportunityCreateSchema, t);
  const editing = state.mode === 'edit' ? state.opportunity : null;
  const fixedCustomer = editing
    ? { id: editing.customerId, name: editing.customerName }
    : state.mode === 'create'
      ? state.customer
      : undefined;
  const known: ProductOption[] = useMemo(
    () =>
      (editing?.products ?? []).map((line) => ({
        id: line.productId,
        code: line.productCode,
        name: productName(line),
        unit: line.unit,
        listPriceCents: line.listPriceCents,
      })),
    [editing],
  );
  const initialValues: Values = useMemo(
    () =>
      editing
        ? {
            name: editing.name,
            ownerId: editing.ownerId,
            amountYuan: centsToYuan(editing.amountCents),
            probability: editing.probability,
            expectedCloseOn: editing.expectedCloseOn ? dayjs(editing.expectedCloseOn) : null,
            products: editing.products.map((line) => ({
              productId: line.productId,
              quantity: line.quantity,
              amountYuan: centsToYuan(line.amountCents),
            })),
            competitors: editing.competitors,
            nextStep: editing.nextStep ?? undefined,
            source: editing.source,
          }
        : { stage: 'lead', products: [], competitors: [] },
    [editing],
  );
  const stage = Form.useWatch('stage', form) ?? editing?.stage ?? 'lead';
  const lines = Form.useWatch('products', form) as LineValues[] | undefined;
  const linesTotal = (lines ?? []).reduce((total, line) => total + (yuanToCents(line?.amountYuan) || 0), 0);
  const defaultProbability = settings.data?.probabilities[stage];

  const onError = (error: unknown) => {
    if (isApiError(error) && error.rule === 'OPP-GATE') {
      const missing = (Array.isArray(error.data?.missing) ? error.data.missing : []) as GateRequirement[];
      setGate({ stage: (error.data?.stage as OpportunityStage) ?? stage, missing });
      form.setFields(
        missing.flatMap((requirement) =>
          REQUIREMENT_FIELD[requirement]
            ? [{ name: REQUIREMENT_FIELD[requirement]!, errors: [t(`opportunities.requirements.${requirement}`)] }]
            : [],
        ),
      );
      return;
    }
    if (isApiError(error) && error.formField === 'amountCents') {
      form.setFields([{ name: 'amountYuan', errors: [`${t('common.validation.invalid')}: ${error.message}`] }]);
      return;
    }
    if (!applyApiError(form, error, t, FIELDS)) setAlertError(error);
  };

  const submit = async () => {
    setAlertError(null);
    setGate(null);
    const values = await validValues(form);
    if (!values) return;
    const amountCents = yuanToCents(values.amountYuan);
    if (Number.isNaN(amountCents)) {
      form.setFields([{ name: 'amountYuan', errors: [t('common.validation.format')] }]);
      return;
    }
    const products = (values.products ?? [])
      .filter((line) => line.productId)
      .map((line) => ({ productId: line.productId!, quantity: line.quantity ?? 1, amountCents: yuanToCents(line.amountYuan) || 0 }));
    const body = {
      name: values.name?.trim() ?? '',
      amountCents: amountCents ?? 0,
      expectedCloseOn: values.expectedCloseOn ? values.expectedCloseOn.format('YYYY-MM-DD') : null,
      products,
      competitors: values.competitors ?? [],
      nextStep: values.nextStep?.trim() ? values.nextStep.trim() : null,
      source: (values.source ?? null) as OpportunityDetail['source'],
      ...(values.probability !== null && values.probability !== undefined ? { probability: values.probability } : {}),
      ...(seesOthers && values.ownerId ? { ownerId: values.ownerId } : {}),
    };
    if (editing) {
      update.mutate(
        { id: editing.id, body: { ...body, version: editing.version } },
        {
          onSuccess: (saved) => {
            message.success(t('opportunities.form.updated'));
            onSaved?.(saved);
            onClose();
          },
          onError,
        },
      );
      return;
    }
    const customerId = fixedCustomer?.id ?? values.customerId;
    create.mutate(
      { ...body, customerId: customerId ?? '', stage: values.stage ?? 'lead' },
      {
        onSuccess: (saved) => {
          message.success(t('opportunities.form.created'));
          onSaved?.(saved);
          onClose();
        },
        onError,
      },
    );
  };

  return (
    <FormDrawer
      title={editing ? t('opportunities.form.editTitle') : t('opportunities.form.createTitle')}
      width={640}
      saving={create.isPending || update.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="opportunity-save"
    >
      <ErrorAlert error={alertError} />
      {gate ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('opportunities.form.gateTitle', { stage: t(`opportunities.stages.${gate.stage}`) })}
          description={requirementList(t, gate.missing)}
          data-testid="opportunity-gate-alert"
        />
      ) : null}
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="opportunity-form">
        <Section title={t('opportunities.form.sections.basics')}>
          <Form.Item name="name" label={t('opportunities.fields.name')} rules={rules.name} required>
            <Input maxLength={200} data-testid="opportunity-name" />
          </Form.Item>
          <Form.Item
            name={fixedCustomer ? undefined : 'customerId'}
            label={t('opportunities.fields.customer')}
            rules={fixedCustomer ? undefined : [{ required: true, message: t('common.validation.required') }]}
            required
          >
            {fixedCustomer ? (
              <Input value={fixedCustomer.name} disabled />
            ) : (
              <CustomerSelect placeholder={t('opportunities.form.customerPlaceholder')} testId="opportunity-customer" />
            )}
          </Form.Item>
          <Row gutter={16}>
            {seesOthers ? (
              <Col xs={24} sm={12}>
                <Form.Item name="ownerId" label={t('opportunities.fields.owner')} extra={t('opportunities.form.ownerHint')}>
                  <UserSelect initialLabel={editing?.ownerName} testId="opportunity-owner" />
                </Form.Item>
              </Col>
            ) : null}
            {!editing ? (
              <Col xs={24} sm={12}>
                <Form.Item name="stage" label={t('opportunities.fields.stage')} rules={rules.stage}>
                  <Select options={stageOptions(t, OPEN_STAGES_FOR_CREATE)} data-testid="opportunity-stage" />
                </Form.Item>
              </Col>
            ) : null}
            <Col xs={24} sm={12}>
              <Form.Item name="source" label={t('opportunities.fields.source')}>
                <Select allowClear options={sourceOptions(t)} data-testid="opportunity-source" />
              </Form.Item>
            </Col>
          </Row>
        </Section>
        <Section title={t('opportunities.form.sections.money')}>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item
                name="amountYuan"
                label={t('opportunities.fields.amount')}
                extra={
                  linesTotal > 0 ? (
                    <Button
                      type="link"
                      size="small"
                      style={{ paddingInline: 0 }}
                      onClick={() => form.setFieldValue('amountYuan', centsToYuan(linesTotal))}
                      data-testid="opportunity-use-products-total"
                    >
                      {t('opportunities.form.useProductsTotal', { amount: formatCents(linesTotal) })}
                    </Button>
                  ) : undefined
                }
              >
                <Input inputMode="decimal" prefix="¥" data-testid="opportunity-amount" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="expectedCloseOn" label={t('opportunities.fields.expectedCloseOn')}>
                <DatePicker style={{ width: '100%' }} data-testid="opportunity-close" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name="probability"
                label={t('opportunities.fields.probability')}
                extra={
                  defaultProbability !== undefined ? t('opportunities.form.probabilityHint', { value: defaultProbability }) : undefined
                }
              >
                <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} data-testid="opportunity-probability" />
              </Form.Item>
            </Col>
          </Row>
        </Section>
        <Section title={t('opportunities.form.sections.products')}>
          <Form.List name="products">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Flex
                    key={field.key}
                    gap={8}
                    align="flex-start"
                    wrap
                    style={{ marginBottom: 8 }}
                    data-testid={`opportunity-line-${index}`}
                  >
                    <Form.Item
                      name={[field.name, 'productId']}
                      rules={[{ required: true, message: t('common.validation.required') }]}
                      style={{ flex: '1 1 220px', marginBottom: 0, minWidth: 0 }}
                    >
                      <ProductSelect
                        known={known}
                        testId={`opportunity-line-${index}-product`}
                        onPick={(product) => {
                          const quantity = form.getFieldValue(['products', field.name, 'quantity']) ?? 1;
                          if (!form.getFieldValue(['products', field.name, 'amountYuan']))
                            form.setFieldValue(['products', field.name, 'amountYuan'], centsToYuan(product.listPriceCents * quantity));
                        }}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'quantity']} initialValue={1} style={{ width: 96, marginBottom: 0 }}>
                      <InputNumber
                        min={1}
                        max={1_000_000}
                        precision={0}
                        placeholder={t('opportunities.fields.quantity')}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'amountYuan']} style={{ width: 140, marginBottom: 0 }}>
                      <Input inputMode="decimal" prefix="¥" placeholder={t('opportunities.fields.lineAmount')} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.actions.delete')} />
                  </Flex>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ quantity: 1 })}
                  block
                  data-testid="opportunity-add-product"
                >
                  {t('opportunities.form.addProduct')}
                </Button>
              </>
            )}
          </Form.List>
        </Section>
        <Section title={t('opportunities.form.sections.more')}>
          <Form.Item name="competitors" label={t('opportunities.fields.competitors')}>
            <Select
              mode="tags"
              open={false}
              placeholder={t('opportunities.form.competitorsPlaceholder')}
              tokenSeparators={[',', '，']}
              data-testid="opportunity-competitors"
            />
          </Form.Item>
          <Form.Item name="nextStep" label={t('opportunities.fields.nextStep')} rules={rules.nextStep}>
            <Input.TextArea rows={2} maxLength={500} data-testid="opportunity-next-step" />
          </Form.Item>
        </Section>
      </Form>
    </FormDrawer>
  );
}
