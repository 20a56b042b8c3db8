import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import type { Quote, QuotePreview } from '@xiaoguan/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText, formatCents } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { applyApiError } from '../../components/form';
import { useIsPhone } from '../../components/useMediaQuery';
import { CustomerSelect, useCustomer } from '../customers';
import { useDebounced, validValues } from '../../components/hooks';
import { usePriceLists, MoneyInput, ProductSelect } from '../products';
import { useQuote, useQuotePreview, useSaveQuote, type QuotePreviewInput } from './api';
import { AuthorityBanner } from './AuthorityBanner';
import { productName } from '../../core/i18n';

interface LineValues {
  productId?: string;
  quantity?: number | null;
  lineDiscountCents?: number | null;
  description?: string;
}

interface Values {
  customerId?: string;
  title?: string;
  priceListId?: string | null;
  validUntil?: Dayjs | null;
  lines?: LineValues[];
  totalDiscountCents?: number | null;
  notes?: string;
  terms?: string;
}

const FIELDS = ['customerId', 'title', 'priceListId', 'validUntil', 'totalDiscountCents', 'notes', 'terms'] as const;

function complete(line: LineValues | undefined): line is LineValues & { productId: string; quantity: number } {
  return Boolean(line?.productId) && typeof line?.quantity === 'number' && line.quantity >= 1;
}

/** The live price of one line: R-PRC-1 unit price (list struck through), tier and promotions, floor warning. */
function LinePrice({ line }: { line: QuotePreview['lines'][number] | undefined }) {
  const { t } = useTranslation();
  if (!line) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div style={{ textAlign: 'right' }} data-testid={`quote-line-price-${line.lineNo - 1}`}>
      <div>
        {line.unitPriceCents < line.listUnitCents ? (
          <Typography.Text delete type="secondary" style={{ fontSize: 12, marginRight: 6 }}>
            {formatCents(line.listUnitCents)}
          </Typography.Text>
        ) : null}
        <MoneyText cents={line.unitPriceCents} />
      </div>
      <Flex gap={4} wrap justify="flex-end">
        {line.tierMinQuantity ? <Tag color="blue">{t('quotes.builder.tier', { min: line.tierMinQuantity })}</Tag> : null}
        {line.promotions.map((p) => (
          <Tag key={p.id} color="cyan">
            {p.name} −{formatCents(p.discountCents)}
          </Tag>
        ))}
        {line.belowFloor ? (
          <Tag color="red">
            {line.floorUnitCents === null
              ? t('quotes.builder.belowFloorHidden')
              : t('quotes.builder.belowFloor', { floor: formatCents(line.floorUnitCents) })}
          </Tag>
        ) : null}
      </Flex>
      <Typography.Text strong>
        <MoneyText cents={line.lineTotalCents} />
      </Typography.Text>
    </div>
  );
}

/** Column widths shared by the line header and the line fields, so the headers sit over their fields. */
const LINE_FLEX = { product: '3 1 220px', quantity: '0 1 100px', discount: '1 1 130px', price: '2 1 200px' } as const;
const LINE_HEADER_STYLE = {
  fontSize: 12,
  color: 'rgba(0,0,0,0.5)',
  paddingBottom: 6,
  marginBottom: 8,
  borderBottom: '1px solid rgba(5,5,5,0.06)',
} as const;

function Builder({ quote }: { quote?: Quote }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [search] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const save = useSaveQuote();
  const priceLists = usePriceLists();
  const [alertError, setAlertError] = useState<unknown>(null);
  const presetCustomerId = quote ? undefined : (search.get('customerId') ?? undefined);
  const opportunityId = quote ? quote.opportunityId : (search.get('opportunityId') ?? null);
  const presetCustomer = useCustomer(presetCustomerId);
  const [initialValues] = useState<Values>(() =>
    quote
      ? {
          customerId: quote.customerId,
          title: quote.title,
          priceListId: quote.priceListId,
          validUntil: quote.validUntil ? dayjs(quote.validUntil) : null,
          lines: quote.lines.map((l) => ({
            productId: l.productId,
            quantity: l.quantity,
            lineDiscountCents: l.lineDiscountCents,
            description: l.description ?? undefined,
          })),
          totalDiscountCents: quote.totalDiscountCents,
          notes: quote.notes ?? undefined,
          terms: quote.terms ?? undefined,
        }
      : { customerId: presetCustomerId, lines: [{ quantity: 1, lineDiscountCents: 0 }], totalDiscountCents: 0 },
  );
  const values = Form.useWatch((all: Values) => all, { form, preserve: true });
  const known = useMemo(() => (quote?.lines ?? []).map((l) => ({ id: l.productId, code: l.productCode, name: productName(l) })), [quote]);

  // The preview asks the server (R-PRC-1 + R-QUO-1) for complete lines only, a moment after typing stops.
  const lines = values?.lines ?? [];
  const previewIndex = lines.map((line, i) => (complete(line) ? i : -1)).filter((i) => i >= 0);
  const previewInput: QuotePreviewInput | null =
    values?.customerId && previewIndex.length
      ? {
          customerId: values.customerId,
          priceListId: values.priceListId ?? null,
          lines: previewIndex.map((i) => ({
            productId: lines[i]!.productId!,
            quantity: lines[i]!.quantity!,
            lineDiscountCents: lines[i]!.lineDiscountCents ?? 0,
          })),
          totalDiscountCents: values.totalDiscountCents ?? 0,
          quoteId: quote?.id,
        }
      : null;
  const debounced = useDebounced(JSON.stringify(previewInput), 300);
  const preview = useQuotePreview(useMemo(() => JSON.parse(debounced) as QuotePreviewInput | null, [debounced]));
  const previewFor = (index: number) => {
    const at = previewIndex.indexOf(index);
    return at >= 0 ? preview.data?.lines[at] : undefined;
  };

  const submit = async () => {
    setAlertError(null);
    const v = await validValues(form);
    if (!v) return;
    const body = {
      customerId: v.customerId!,
      title: v.title?.trim() || undefined,
      priceListId: v.priceListId ?? null,
      validUntil: v.validUntil ? v.validUntil.format('YYYY-MM-DD') : null,
      lines: (v.lines ?? []).map((l) => ({
        productId: l.productId!,
        quantity: l.quantity!,
        lineDiscountCents: l.lineDiscountCents ?? 0,
        description: l.description?.trim() || null,
      })),
      totalDiscountCents: v.totalDiscountCents ?? 0,
      notes: v.notes?.trim() || null,
      ...(v.terms !== undefined ? { terms: v.terms.trim() || null } : {}),
    };
    // mutateAsync, not mutate's callbacks: saving an edit gives the quote a new version, which remounts
    // this builder (its key), and callbacks of an unmounted mutation observer never run.
    save.mutateAsync({ id: quote?.id, body: quote ? { ...body, version: quote.version } : { ...body, opportunityId } }).then(
      (saved) => {
        message.success(t('quotes.builder.saved'));
        navigate(`/quotes/${saved.id}`, { replace: Boolean(quote) });
      },
      (error: unknown) => {
        if (!applyApiError(form, error, t, FIELDS)) setAlertError(error);
      },
    );
  };

  const required = [{ required: true, message: t('common.validation.required') }];
  return (
    <>
      <PageHeader
        title={quote ? t('quotes.builder.editTitle', { number: quote.number }) : t('quotes.builder.createTitle')}
        extra={
          <>
            <Button onClick={() => navigate(quote ? `/quotes/${quote.id}` : '/quotes')}>{t('common.actions.cancel')}</Button>
            <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={() => void submit()} data-testid="quote-save">
              {t('quotes.builder.save')}
            </Button>
          </>
        }
      />
      <ErrorAlert error={alertError} />
      {quote && ['approved', 'sent'].includes(quote.status) ? (
        <Alert type="info" showIcon title={t('quotes.builder.reopenWarning')} style={{ marginBottom: 12 }} />
      ) : null}
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="quote-form">
        <Card style={{ marginBottom: 12 }} styles={{ body: { paddingBottom: 0 } }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="customerId" label={t('quotes.fields.customer')} rules={required}>
                <CustomerSelect initialLabel={quote?.customerName ?? presetCustomer.data?.name} testId="quote-customer" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="title" label={t('quotes.fields.title')}>
                <Input maxLength={200} placeholder={quote?.customerName ?? presetCustomer.data?.name} data-testid="quote-title" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item name="priceListId" label={t('quotes.fields.priceList')}>
                <Select
                  allowClear
                  placeholder={t('quotes.builder.defaultList')}
                  options={(priceLists.data ?? []).filter((l) => l.active).map((l) => ({ value: l.id, label: l.name }))}
                  data-testid="quote-price-list"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item name="validUntil" label={t('quotes.fields.validUntil')}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="quote-valid-until" />
              </Form.Item>
            </Col>
            {opportunityId ? (
              <Col xs={24} md={8}>
                <Form.Item label={t('quotes.fields.opportunity')}>
                  <Tag color="purple">{quote?.opportunityName ?? t('quotes.fields.opportunity')}</Tag>
                </Form.Item>
              </Col>
            ) : null}
          </Row>
        </Card>

        <Card
          title={t('quotes.builder.lines')}
          style={{ marginBottom: 12 }}
          extra={preview.isFetching ? <Typography.Text type="secondary">{t('quotes.builder.pricing')}</Typography.Text> : null}
        >
          <Form.List name="lines">
            {(items, { add, remove }) => (
              <>
                {/* Issue 16: the line fields are named — column headers on a wide screen, a label on each field on a phone. */}
                {isPhone ? null : (
                  <Flex gap={8} align="end" style={LINE_HEADER_STYLE} data-testid="quote-line-headers">
                    <span style={{ width: 20 }}>#</span>
                    <span style={{ flex: LINE_FLEX.product }}>{t('quotes.fields.product')}</span>
                    <span style={{ flex: LINE_FLEX.quantity }}>{t('quotes.fields.quantity')}</span>
                    <span style={{ flex: LINE_FLEX.discount }}>{t('quotes.fields.lineDiscount')}</span>
                    <span style={{ flex: LINE_FLEX.price, minWidth: 200, textAlign: 'right' }}>
                      {t('quotes.fields.unitPrice')} / {t('quotes.fields.amount')}
                    </span>
                    <span style={{ width: 32 }} />
                  </Flex>
                )}
                {items.map((item, index) => (
                  <div
                    key={item.key}
                    data-testid={`quote-line-${index}`}
                    style={{ borderBottom: '1px solid rgba(5,5,5,0.06)', paddingBottom: 8, marginBottom: 8 }}
                  >
                    <Flex gap={8} wrap align="start">
                      <Typography.Text type="secondary" style={{ width: 20, paddingTop: 5 }}>
                        {index + 1}
                      </Typography.Text>
                      <Form.Item
                        name={[item.name, 'productId']}
                        rules={required}
                        label={isPhone ? t('quotes.fields.product') : undefined}
                        style={{ flex: isPhone ? '1 1 calc(100% - 28px)' : LINE_FLEX.product, marginBottom: 4 }}
                      >
                        <ProductSelect known={known} placeholder={t('quotes.builder.pickProduct')} testId={`quote-line-product-${index}`} />
                      </Form.Item>
                      <Form.Item
                        name={[item.name, 'quantity']}
                        rules={required}
                        label={isPhone ? t('quotes.fields.quantity') : undefined}
                        style={{
                          flex: isPhone ? '1 1 40%' : LINE_FLEX.quantity,
                          marginBottom: 4,
                          marginInlineStart: isPhone ? 28 : undefined,
                        }}
                      >
                        <InputNumber
                          min={1}
                          precision={0}
                          placeholder={t('quotes.fields.quantity')}
                          style={{ width: '100%' }}
                          data-testid={`quote-line-quantity-${index}`}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[item.name, 'lineDiscountCents']}
                        label={isPhone ? t('quotes.fields.lineDiscount') : undefined}
                        style={{ flex: isPhone ? '1 1 40%' : LINE_FLEX.discount, marginBottom: 4 }}
                      >
                        <MoneyInput placeholder={t('quotes.fields.lineDiscount')} testId={`quote-line-discount-${index}`} />
                      </Form.Item>
                      <div
                        style={{
                          flex: isPhone ? '1 1 calc(100% - 72px)' : LINE_FLEX.price,
                          minWidth: isPhone ? 0 : 200,
                          marginInlineStart: isPhone ? 28 : undefined,
                        }}
                      >
                        <LinePrice line={previewFor(index)} />
                      </div>
                      <Button
                        icon={<DeleteOutlined />}
                        disabled={items.length === 1}
                        onClick={() => remove(item.name)}
                        aria-label={t('common.actions.delete')}
                        data-testid={`quote-line-remove-${index}`}
                      />
                    </Flex>
                    <Form.Item name={[item.name, 'description']} style={{ marginBottom: 0, marginLeft: 28 }}>
                      <Input size="small" variant="borderless" maxLength={500} placeholder={t('quotes.fields.description')} />
                    </Form.Item>
                  </div>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ quantity: 1, lineDiscountCents: 0 })} data-testid="quote-line-add">
                  {t('quotes.builder.addLine')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Row gutter={12}>
          <Col xs={24} lg={14}>
            <Card style={{ marginBottom: 12 }}>
              <Form.Item name="notes" label={t('quotes.fields.notes')}>
                <Input.TextArea rows={3} maxLength={5000} />
              </Form.Item>
              <Form.Item name="terms" label={t('quotes.fields.terms')}>
                <Input.TextArea rows={4} maxLength={5000} placeholder={quote ? undefined : t('quotes.settings.defaultTerms')} />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card style={{ marginBottom: 12 }} title={t('quotes.builder.livePrice')}>
              <Space orientation="vertical" style={{ width: '100%' }} size={6}>
                <Flex justify="space-between">
                  <Typography.Text type="secondary">{t('quotes.fields.listTotal')}</Typography.Text>
                  <MoneyText cents={preview.data?.listTotalCents ?? null} />
                </Flex>
                <Flex justify="space-between">
                  <Typography.Text type="secondary">{t('quotes.fields.subtotal')}</Typography.Text>
                  <MoneyText cents={preview.data?.subtotalCents ?? null} />
                </Flex>
                <Flex justify="space-between" align="center" gap={12}>
                  <Typography.Text type="secondary">{t('quotes.fields.totalDiscount')}</Typography.Text>
                  <Form.Item name="totalDiscountCents" style={{ margin: 0, width: 160 }}>
                    <MoneyInput testId="quote-total-discount" />
                  </Form.Item>
                </Flex>
                <Divider style={{ margin: '4px 0' }} />
                <Flex justify="space-between">
                  <Typography.Text strong>{t('quotes.fields.total')}</Typography.Text>
                  <Typography.Title level={4} style={{ margin: 0 }} data-testid="quote-total">
                    <MoneyText cents={preview.data?.totalCents ?? null} />
                  </Typography.Title>
                </Flex>
                {preview.data ? (
                  <Flex justify="space-between">
                    <Typography.Text type="secondary">{t('quotes.fields.discount')}</Typography.Text>
                    <span>
                      <MoneyText cents={preview.data.authority.discountCents} /> ({(preview.data.authority.discountBp / 100).toFixed(2)}%)
                    </span>
                  </Flex>
                ) : null}
                {preview.error ? <ErrorAlert error={preview.error} /> : null}
                {preview.data ? (
                  <AuthorityBanner authority={preview.data.authority} approvedContent={preview.data.approvedContent} />
                ) : null}
              </Space>
            </Card>
          </Col>
        </Row>
      </Form>
    </>
  );
}

/** The quote builder: customer, products, quantities, discounts; live prices and the R-QUO-1 banner from the server. */
export default function QuoteBuilderPage() {
  const { id } = useParams();
  const quote = useQuote(id);
  if (id && !quote.data)
    return quote.error ? <ErrorAlert error={quote.error} onReload={() => void quote.refetch()} /> : <Skeleton active />;
  return <Builder key={quote.data?.version ?? 'new'} quote={quote.data} />;
}
