import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { CATALOG_PROMOTION_KINDS, PROMOTION_KINDS, promotionCreateSchema, type Promotion, type PromotionKind } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { formatCents } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { applyApiError, parseForm } from '../../components/form';
import { useIsPhone } from '../../components/useMediaQuery';
import { validValues } from '../../components/hooks';
import { useDeletePromotion, usePromotions, useSavePromotion, type PromotionListParams } from './api';
import { MoneyInput } from './MoneyInput';
import { ProductSelect } from './ProductSelect';

/** The demo company's loyalty levels (customers settings); any other level can be typed. */
const MEMBER_LEVELS = ['普通会员', '银卡会员', '金卡会员', '钻石会员'];

interface Values {
  name?: string;
  kind?: PromotionKind;
  period?: [Dayjs, Dayjs];
  productIds?: string[];
  memberLevels?: string[];
  form?: 'percent' | 'amount';
  percent?: number | null;
  amountOffCents?: number | null;
  stackable?: boolean;
  active?: boolean;
}

const FIELDS = ['name', 'kind', 'productIds', 'memberLevels', 'stackable', 'active'] as const;

export function discountLabel(
  t: (key: string, options?: Record<string, unknown>) => string,
  promotion: Pick<Promotion, 'percentOffBp' | 'amountOffCents'>,
): string {
  return promotion.percentOffBp !== null
    ? t('products.promotions.percentValue', { value: promotion.percentOffBp / 100 })
    : t('products.promotions.amountValue', { value: formatCents(promotion.amountOffCents ?? 0) });
}

function PromotionDrawer({ promotion, onClose }: { promotion?: Promotion; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSavePromotion();
  const [alertError, setAlertError] = useState<unknown>(null);
  const kind = Form.useWatch('kind', form);
  const discountForm = Form.useWatch('form', form);
  const [initialValues] = useState<Values>(() =>
    promotion
      ? {
          ...promotion,
          period: [dayjs(promotion.startsOn), dayjs(promotion.endsOn)],
          form: promotion.percentOffBp !== null ? 'percent' : 'amount',
          percent: promotion.percentOffBp !== null ? promotion.percentOffBp / 100 : null,
        }
      : { kind: 'seasonal', form: 'percent', productIds: [], memberLevels: [], stackable: false, active: true },
  );
  const submit = async () => {
    setAlertError(null);
    const values = await validValues(form);
    if (!values) return;
    const body = parseForm(
      promotionCreateSchema,
      {
        name: values.name?.trim(),
        kind: values.kind,
        startsOn: values.period?.[0]?.format('YYYY-MM-DD'),
        endsOn: values.period?.[1]?.format('YYYY-MM-DD'),
        productIds: values.productIds ?? [],
        memberLevels: values.kind === 'member' ? (values.memberLevels ?? []) : [],
        percentOffBp: values.form === 'percent' && values.percent ? Math.round(values.percent * 100) : null,
        amountOffCents: values.form === 'amount' ? (values.amountOffCents ?? null) : null,
        stackable: values.stackable,
        active: values.active,
      },
      form,
      t,
    );
    if (!body) return;
    save.mutate(
      { id: promotion?.id, body: promotion ? { ...body, version: promotion.version } : body },
      { onSuccess: onClose, onError: (error) => (applyApiError(form, error, t, FIELDS) ? undefined : setAlertError(error)) },
    );
  };
  return (
    <FormDrawer
      title={promotion ? t('products.promotions.edit') : t('products.promotions.create')}
      width={560}
      saving={save.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="promotion-submit"
    >
      <ErrorAlert error={alertError} />
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="promotion-form">
        <Form.Item name="name" label={t('products.fields.name')} rules={[{ required: true, message: t('common.validation.required') }]}>
          <Input maxLength={100} data-testid="promotion-name" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item name="kind" label={t('products.fields.kind')} required>
              <Select
                options={CATALOG_PROMOTION_KINDS.map((k) => ({ value: k, label: t(`products.kinds.${k}`) }))}
                data-testid="promotion-kind"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item
              name="period"
              label={t('products.fields.period')}
              rules={[{ required: true, message: t('common.validation.required') }]}
            >
              <DatePicker.RangePicker style={{ width: '100%' }} data-testid="promotion-period" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="productIds"
          label={t('products.fields.products')}
          extra={kind === 'bundle' ? t('products.promotions.bundleHelp') : t('products.promotions.allProducts') + ' = ∅'}
        >
          <ProductSelect multiple known={promotion?.products ?? []} testId="promotion-products" />
        </Form.Item>
        {kind === 'member' ? (
          <Form.Item name="memberLevels" label={t('products.fields.memberLevels')} extra={t('products.promotions.memberHelp')}>
            <Select mode="tags" options={MEMBER_LEVELS.map((level) => ({ value: level, label: level }))} data-testid="promotion-levels" />
          </Form.Item>
        ) : null}
        <Form.Item label={t('products.fields.discount')} required>
          <Flex gap={8} wrap>
            <Form.Item name="form" noStyle>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'percent', label: t('products.promotions.percent') },
                  { value: 'amount', label: t('products.promotions.amount') },
                ]}
              />
            </Form.Item>
            {discountForm === 'amount' ? (
              <div style={{ flex: '1 1 140px' }}>
                <Form.Item name="amountOffCents" noStyle>
                  <MoneyInput testId="promotion-amount" />
                </Form.Item>
              </div>
            ) : (
              <Form.Item name="percent" noStyle>
                <InputNumber min={0.01} max={100} precision={2} suffix="%" style={{ flex: '1 1 140px' }} data-testid="promotion-percent" />
              </Form.Item>
            )}
          </Flex>
        </Form.Item>
        <Flex gap={24}>
          <Form.Item name="stackable" label={t('products.fields.stackable')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="active" label={t('products.fields.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
      </Form>
    </FormDrawer>
  );
}

/** Promotions (促销): seasonal, bundles, member-exclusive; dates, products, discount, stacking. */
export default function PromotionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const isPhone = useIsPhone();
  const [params, setParams] = useState<PromotionListParams>({ page: 1, pageSize: 20 });
  const promotions = usePromotions(params);
  const remove = useDeletePromotion();
  const [editing, setEditing] = useState<Promotion | 'new' | null>(null);
  const writable = can('products.write');
  const today = dayjs().format('YYYY-MM-DD');
  return (
    <>
      <PageHeader
        title={t('products.promotions.title')}
        subtitle={isPhone ? undefined : t('products.promotions.subtitle')}
        extra={
          writable ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="promotion-create">
              {t('products.promotions.create')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { padding: isPhone ? 8 : 12 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder={t('products.fields.kind')}
            value={params.kind}
            onChange={(kind) => setParams({ ...params, page: 1, kind })}
            options={PROMOTION_KINDS.map((k) => ({ value: k, label: t(`products.kinds.${k}`) }))}
            style={{ width: 160 }}
          />
          <Radio.Group
            optionType="button"
            value={params.on ? 'today' : 'all'}
            onChange={(e) => setParams({ ...params, page: 1, on: e.target.value === 'today' ? today : undefined })}
            options={[
              { value: 'all', label: t('common.actions.viewAll') },
              { value: 'today', label: t('products.promotions.validToday') },
            ]}
          />
        </Flex>
        <DataTable<Promotion>
          testId="promotions-table"
          data={promotions.data}
          loading={promotions.isFetching}
          error={promotions.error}
          rowKey={(p) => p.id}
          onPageChange={(page, pageSize) => setParams({ ...params, page, pageSize })}
          onRowClick={writable ? (p) => setEditing(p) : undefined}
          columns={[
            {
              key: 'name',
              title: t('products.fields.name'),
              render: (_, p) => (
                <Space>
                  {p.name}
                  {p.active ? null : <Tag>{t('products.catalogue.offSale')}</Tag>}
                </Space>
              ),
            },
            {
              key: 'kind',
              title: t('products.fields.kind'),
              render: (_, p) => (
                <Tag color={p.kind === 'bundle' ? 'purple' : p.kind === 'member' ? 'gold' : 'cyan'}>{t(`products.kinds.${p.kind}`)}</Tag>
              ),
            },
            {
              key: 'period',
              title: t('products.fields.period'),
              render: (_, p) => (
                <Typography.Text type={p.endsOn < today ? 'secondary' : undefined}>{`${p.startsOn} – ${p.endsOn}`}</Typography.Text>
              ),
            },
            {
              key: 'products',
              title: t('products.fields.products'),
              responsive: ['md'],
              render: (_, p) => (p.products.length ? p.products.map((x) => x.code).join('、') : t('products.promotions.allProducts')),
            },
            {
              key: 'levels',
              title: t('products.fields.memberLevels'),
              responsive: ['lg'],
              render: (_, p) => p.memberLevels.join('、') || '—',
            },
            { key: 'discount', title: t('products.fields.discount'), render: (_, p) => discountLabel(t, p) },
            {
              key: 'stackable',
              title: t('products.fields.stackable'),
              responsive: ['sm'],
              render: (_, p) => (p.stackable ? t('common.status.yes') : t('common.status.no')),
            },
            ...(writable
              ? [
                  {
                    key: 'actions',
                    title: '',
                    width: 48,
                    render: (_: unknown, p: Promotion) => (
                      <span onClick={(e) => e.stopPropagation()}>
                        <Popconfirm
                          title={t('products.promotions.deleteConfirm')}
                          onConfirm={() =>
                            remove.mutate({ id: p.id, version: p.version }, { onError: (error) => message.error(error.message) })
                          }
                        >
                          <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.actions.delete')} />
                        </Popconfirm>
                      </span>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {editing ? <PromotionDrawer promotion={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
