import { useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, Checkbox, Col, DatePicker, Flex, Form, Input, InputNumber, Row, Segmented, Select, Typography } from 'antd';
import { BankOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import {
  customerCreateSchema,
  customerUpdateSchema,
  type Customer,
  type CustomerKind,
  type CustomerStatus,
  type Duplicate,
  type Tier,
} from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { useCan } from '../../core/session';
import { dayjs } from '../../core/time';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyApiError, issueMessage, parseForm, zodRules } from '../../components/form';
import { useIsPhone } from '../../components/useMediaQuery';
import { UserSelect } from '../org';
import { useCreateCustomer, useDuplicates, useUpdateCustomer, type DuplicateQuery } from './api';
import { DuplicateList } from './DuplicateList';
import { useDebounced, validValues } from '../../components/hooks';
import { enumOptions } from './labels';
import { centsToYuan, yuanToCents } from './time';
import { FormDrawer } from '../../components/FormDrawer';

export type CustomerDrawerState = { mode: 'create' } | { mode: 'edit'; customer: Customer };

interface Values {
  kind: CustomerKind;
  name?: string;
  tier?: Tier;
  status?: CustomerStatus;
  source?: string;
  tags?: string[];
  ownerId?: string | null;
  toPool?: boolean;
  phone?: string;
  email?: string;
  wechat?: string;
  address?: string;
  needs?: string;
  painPoints?: string;
  notes?: string;
  industry?: string;
  size?: string;
  annualPurchaseCents?: string;
  taxId?: string;
  decisionChain?: string;
  gender?: string;
  birthday?: Dayjs | null;
  occupation?: string;
  interests?: string[];
}

const TEXT_FIELDS = [
  'name',
  'phone',
  'email',
  'wechat',
  'address',
  'needs',
  'painPoints',
  'notes',
  'industry',
  'size',
  'taxId',
  'decisionChain',
  'gender',
  'occupation',
] as const;
const ORG_ONLY = ['industry', 'size', 'annualPurchaseCents', 'taxId', 'decisionChain'] as const;
const PERSON_ONLY = ['gender', 'birthday', 'occupation', 'interests'] as const;
const CONTACT_FIELDS = ['phone', 'email', 'wechat'] as const;
const FIELDS = [
  ...TEXT_FIELDS,
  'kind',
  'tier',
  'status',
  'source',
  'tags',
  'ownerId',
  'annualPurchaseCents',
  'birthday',
  'interests',
] as const;

function valuesOf(customer: Customer): Values {
  return {
    kind: customer.kind,
    name: customer.name,
    tier: customer.tier,
    status: customer.status,
    source: customer.source,
    tags: customer.tags,
    phone: customer.phone ?? undefined,
    email: customer.email ?? undefined,
    wechat: customer.wechat ?? undefined,
    address: customer.address ?? undefined,
    needs: customer.needs ?? undefined,
    painPoints: customer.painPoints ?? undefined,
    notes: customer.notes ?? undefined,
    industry: customer.industry ?? undefined,
    size: customer.size ?? undefined,
    annualPurchaseCents: centsToYuan(customer.annualPurchaseCents),
    taxId: customer.taxId ?? undefined,
    decisionChain: customer.decisionChain ?? undefined,
    gender: customer.gender ?? undefined,
    birthday: customer.birthday ? dayjs(customer.birthday) : null,
    occupation: customer.occupation ?? undefined,
    interests: customer.interests,
  };
}

/** Form values → the API's field values: blanks are null, yuan are cents, dates are ISO days. */
function normalise(values: Values): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: values.kind,
    tier: values.tier,
    status: values.status,
    source: values.source,
    tags: values.tags ?? [],
    interests: values.interests ?? [],
    annualPurchaseCents: yuanToCents(values.annualPurchaseCents),
    birthday: values.birthday ? values.birthday.format('YYYY-MM-DD') : null,
  };
  for (const field of TEXT_FIELDS) {
    const value = values[field];
    out[field] = typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  }
  const hidden = values.kind === 'organization' ? PERSON_ONLY : ORG_ONLY;
  for (const field of hidden) delete out[field];
  return out;
}

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

/**
 * Create or edit a customer, validated with the shared schema. Organisation and person fields
 * switch on `kind`; possible duplicates show while typing and again if the server finds them on
 * save (R-CUS-3), with "create anyway". Mounted while open.
 */
export function CustomerDrawer({
  state,
  onClose,
  onSaved,
}: {
  state: CustomerDrawerState;
  onClose: () => void;
  onSaved?: (customer: Customer) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const can = useCan();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const create = useCreateCustomer();
  const update = useUpdateCustomer();
  const [alertError, setAlertError] = useState<unknown>(null);
  const [conflictDuplicates, setConflictDuplicates] = useState<Duplicate[] | null>(null);
  const rules = zodRules(customerCreateSchema, t);
  const options = useMemo(() => enumOptions(t), [t]);
  const editing = state.mode === 'edit' ? state.customer : null;
  const masked = Boolean(editing?.contactsMasked);
  const initialValues: Values = useMemo(
    () => (editing ? valuesOf(editing) : { kind: 'organization', tier: 'C', status: 'lead', source: 'other', tags: [], interests: [] }),
    [editing],
  );

  const kind = Form.useWatch('kind', form) ?? initialValues.kind;
  const name = Form.useWatch('name', form);
  const phone = Form.useWatch('phone', form);
  const taxId = Form.useWatch('taxId', form);
  const ownerId = Form.useWatch('ownerId', form);
  const duplicateQuery = useDebounced<DuplicateQuery | null>(
    useMemo(() => {
      const trimmed = name?.trim() ?? '';
      if (trimmed.length < 2) return null;
      return {
        name: trimmed,
        phone: !masked && phone?.trim() ? phone.trim() : undefined,
        taxId: kind === 'organization' && taxId?.trim() ? taxId.trim() : undefined,
        kind,
        excludeId: editing?.id,
      };
    }, [name, phone, taxId, kind, masked, editing?.id]),
    400,
  );
  const duplicates = useDuplicates(duplicateQuery);
  const liveDuplicates = duplicateQuery ? (duplicates.data ?? []) : [];

  const openExisting = (id: string) => {
    onClose();
    navigate(`/customers/${id}`);
  };

  const finish = (customer: Customer, created: boolean) => {
    message.success(created ? t('customers.form.created') : t('customers.form.updated'));
    onSaved?.(customer);
    onClose();
  };

  const onError = (error: unknown) => {
    if (isApiError(error) && error.code === 'conflict' && error.rule === 'R-CUS-3') {
      const list = Array.isArray(error.data?.duplicates) ? (error.data.duplicates as Duplicate[]) : [];
      setConflictDuplicates(list);
      return;
    }
    if (!applyApiError(form, error, t, FIELDS)) setAlertError(error);
  };

  const submit = async (ignoreDuplicates = false) => {
    setAlertError(null);
    if (!ignoreDuplicates) setConflictDuplicates(null);
    const fields = await validValues(form);
    if (!fields) return;
    const values = { ...initialValues, ...fields };
    const body = normalise(values);
    if (Number.isNaN(body.annualPurchaseCents)) {
      form.setFields([{ name: 'annualPurchaseCents', errors: [t('common.validation.format')] }]);
      return;
    }
    if (!editing) {
      for (const [key, value] of Object.entries(body)) if (value === null) delete body[key];
      if (can('customers.assign')) {
        if (values.toPool) body.ownerId = null;
        else if (values.ownerId) body.ownerId = values.ownerId;
      }
      const parsed = parseForm(customerCreateSchema, { ...body, ignoreDuplicates }, form, t);
      if (!parsed) return;
      create.mutate(parsed, { onSuccess: (customer) => finish(customer, true), onError });
      return;
    }
    // Only what changed: a partial update never resets a field nobody touched.
    const before = normalise({ ...valuesOf(editing), kind: values.kind });
    const changed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) {
      if (masked && (CONTACT_FIELDS as readonly string[]).includes(key)) continue;
      if (JSON.stringify(value) !== JSON.stringify(before[key])) changed[key] = value;
    }
    if (!Object.keys(changed).length) {
      onClose();
      return;
    }
    const parsed = parseForm(customerUpdateSchema, { ...changed, version: editing.version, ignoreDuplicates }, form, t);
    if (!parsed) return;
    update.mutate({ id: editing.id, body: parsed }, { onSuccess: (customer) => finish(customer, false), onError });
  };

  const yuanRule = {
    validator: async (_rule: unknown, raw: string | undefined) => {
      const cents = yuanToCents(raw);
      if (cents === null) return;
      if (Number.isNaN(cents)) throw new Error(t('common.validation.format'));
      const result = customerCreateSchema.shape.annualPurchaseCents.safeParse(cents);
      if (!result.success) throw new Error(issueMessage(t, result.error.issues[0]!, 'annualPurchaseCents', cents));
    },
  };

  const isConflict = isApiError(alertError) && alertError.code === 'conflict';
  const col = (node: ReactNode, span = 12) => (
    <Col xs={24} sm={span}>
      {node}
    </Col>
  );
  return (
    <FormDrawer
      title={editing ? t('customers.form.editTitle', { name: editing.name }) : t('customers.form.createTitle')}
      width={680}
      saving={create.isPending || update.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="customer-submit"
    >
      <ErrorAlert error={alertError} onReload={isConflict ? onClose : undefined} />
      {conflictDuplicates ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="duplicate-conflict"
          title={t('customers.form.duplicatesConflict')}
          description={
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">{t('customers.form.duplicatesConflictHint')}</Typography.Text>
              <DuplicateList duplicates={conflictDuplicates} onOpen={openExisting} />
              <div>
                <Button
                  danger
                  loading={create.isPending || update.isPending}
                  onClick={() => void submit(true)}
                  data-testid="customer-create-anyway"
                >
                  {editing ? t('customers.form.saveAnyway') : t('customers.form.createAnyway')}
                </Button>
              </div>
            </Flex>
          }
        />
      ) : null}
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="customer-form" requiredMark>
        <Form.Item name="kind" label={t('customers.fields.kind')} rules={rules.kind}>
          <Segmented
            block={isPhone}
            data-testid="customer-kind"
            options={[
              { value: 'organization', label: t('customers.kinds.organization'), icon: <BankOutlined /> },
              { value: 'person', label: t('customers.kinds.person'), icon: <UserOutlined /> },
            ]}
          />
        </Form.Item>
        <Section title={t('customers.form.sections.basic')}>
          <Row gutter={16}>
            {col(
              <Form.Item
                name="name"
                label={kind === 'person' ? t('customers.fields.personName') : t('customers.fields.name')}
                rules={rules.name}
                required
              >
                <Input maxLength={200} data-testid="customer-name" autoFocus={!editing} />
              </Form.Item>,
              24,
            )}
          </Row>
          {!conflictDuplicates && liveDuplicates.length ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: -8, marginBottom: 16 }}
              data-testid="duplicate-warning"
              title={t('customers.form.duplicatesLive')}
              description={<DuplicateList duplicates={liveDuplicates} onOpen={openExisting} />}
            />
          ) : null}
          <Row gutter={16}>
            {col(
              <Form.Item name="tier" label={t('customers.fields.tier')} rules={rules.tier}>
                <Select options={options.tiers} data-testid="customer-tier" />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="status" label={t('customers.fields.status')} rules={rules.status}>
                <Select options={options.statuses} data-testid="customer-status" />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="source" label={t('customers.fields.source')} rules={rules.source}>
                <Select options={options.sources} data-testid="customer-source" />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="tags" label={t('customers.fields.tags')} rules={rules.tags}>
                <Select
                  mode="tags"
                  tokenSeparators={[',', '，']}
                  placeholder={t('customers.form.tagsPlaceholder')}
                  open={false}
                  suffixIcon={null}
                  data-testid="customer-tags"
                />
              </Form.Item>,
              24,
            )}
            {!editing && can('customers.assign') ? (
              <>
                {col(
                  <Form.Item name="ownerId" label={t('customers.fields.ownerId')}>
                    <UserSelect placeholder={t('customers.form.ownerPlaceholder')} testId="customer-owner" />
                  </Form.Item>,
                  16,
                )}
                {col(
                  <Form.Item name="toPool" valuePropName="checked" label=" ">
                    <Checkbox disabled={Boolean(ownerId)}>{t('customers.form.toPool')}</Checkbox>
                  </Form.Item>,
                  8,
                )}
              </>
            ) : null}
          </Row>
        </Section>
        <Section title={t('customers.form.sections.contact')}>
          {masked ? <Alert type="info" showIcon title={t('customers.form.maskedLocked')} style={{ marginBottom: 12 }} /> : null}
          <Row gutter={16}>
            {col(
              <Form.Item name="phone" label={t('customers.fields.phone')} rules={masked ? undefined : rules.phone}>
                <Input inputMode="tel" autoComplete="off" disabled={masked} data-testid="customer-phone" />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="email" label={t('customers.fields.email')} rules={masked ? undefined : rules.email}>
                <Input inputMode="email" autoComplete="off" disabled={masked} data-testid="customer-email" />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="wechat" label={t('customers.fields.wechat')} rules={masked ? undefined : rules.wechat}>
                <Input autoComplete="off" disabled={masked} maxLength={64} />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="address" label={t('customers.fields.address')} rules={rules.address}>
                <Input maxLength={300} />
              </Form.Item>,
            )}
          </Row>
        </Section>
        {kind === 'organization' ? (
          <Section title={t('customers.form.sections.organization')}>
            <Row gutter={16}>
              {col(
                <Form.Item name="industry" label={t('customers.fields.industry')} rules={rules.industry}>
                  <Input maxLength={100} data-testid="customer-industry" />
                </Form.Item>,
              )}
              {col(
                <Form.Item name="size" label={t('customers.fields.size')} rules={rules.size}>
                  <Select allowClear options={options.sizes} />
                </Form.Item>,
              )}
              {col(
                <Form.Item name="annualPurchaseCents" label={t('customers.fields.annualPurchaseCents')} rules={[yuanRule]}>
                  <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} suffix={t('customers.form.yuanSuffix')} />
                </Form.Item>,
              )}
              {col(
                <Form.Item name="taxId" label={t('customers.fields.taxId')} rules={rules.taxId}>
                  <Input maxLength={30} data-testid="customer-tax-id" />
                </Form.Item>,
              )}
              {col(
                <Form.Item name="decisionChain" label={t('customers.fields.decisionChain')} rules={rules.decisionChain}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
                </Form.Item>,
                24,
              )}
            </Row>
          </Section>
        ) : (
          <Section title={t('customers.form.sections.person')}>
            <Row gutter={16}>
              {col(
                <Form.Item name="gender" label={t('customers.fields.gender')} rules={rules.gender}>
                  <Select allowClear options={options.genders} />
                </Form.Item>,
                8,
              )}
              {col(
                <Form.Item name="birthday" label={t('customers.fields.birthday')}>
                  <DatePicker style={{ width: '100%' }} disabledDate={(date) => date.isAfter(dayjs())} />
                </Form.Item>,
                8,
              )}
              {col(
                <Form.Item name="occupation" label={t('customers.fields.occupation')} rules={rules.occupation}>
                  <Input maxLength={100} />
                </Form.Item>,
                8,
              )}
              {col(
                <Form.Item name="interests" label={t('customers.fields.interests')} rules={rules.interests}>
                  <Select
                    mode="tags"
                    tokenSeparators={[',', '，']}
                    placeholder={t('customers.form.tagsPlaceholder')}
                    open={false}
                    suffixIcon={null}
                  />
                </Form.Item>,
                24,
              )}
            </Row>
          </Section>
        )}
        <Section title={t('customers.form.sections.needs')}>
          <Form.Item name="needs" label={t('customers.fields.needs')} rules={rules.needs}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item name="painPoints" label={t('customers.fields.painPoints')} rules={rules.painPoints}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item name="notes" label={t('customers.fields.notes')} rules={rules.notes}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} showCount />
          </Form.Item>
        </Section>
      </Form>
    </FormDrawer>
  );
}
