import { useState } from 'react';
import { App, Button, Card, Col, DatePicker, Flex, Form, Input, Popconfirm, Row, Space, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { priceListCreateSchema, type PriceList, type PriceListItem } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { MoneyText, formatCents } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { applyApiError, parseForm, zodRules } from '../../components/form';
import { useIsPhone } from '../../components/useMediaQuery';
import { validValues } from '../../components/hooks';
import { useDeletePriceList, usePriceListItems, usePriceLists, useSavePriceList, useSavePriceListItems } from './api';
import { MoneyInput } from './MoneyInput';
import { ProductSelect } from './ProductSelect';
import { productName } from '../../core/i18n';

interface ListValues {
  code?: string;
  name?: string;
  isDefault?: boolean;
  active?: boolean;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function PriceListDrawer({ list, onClose }: { list?: PriceList; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ListValues>();
  const save = useSavePriceList();
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(priceListCreateSchema, t);
  const [initialValues] = useState<ListValues>(() =>
    list
      ? { ...list, range: [list.validFrom ? dayjs(list.validFrom) : null, list.validTo ? dayjs(list.validTo) : null] }
      : { isDefault: false, active: true },
  );
  const submit = async () => {
    setAlertError(null);
    const values = await validValues(form);
    if (!values) return;
    const body = parseForm(
      priceListCreateSchema,
      {
        code: values.code?.trim(),
        name: values.name?.trim(),
        isDefault: values.isDefault,
        active: values.active,
        validFrom: values.range?.[0]?.format('YYYY-MM-DD') ?? null,
        validTo: values.range?.[1]?.format('YYYY-MM-DD') ?? null,
      },
      form,
      t,
    );
    if (!body) return;
    save.mutate(
      { id: list?.id, body: list ? { ...body, version: list.version } : body },
      {
        onSuccess: onClose,
        onError: (error) => (applyApiError(form, error, t, ['code', 'name', 'isDefault', 'active']) ? undefined : setAlertError(error)),
      },
    );
  };
  return (
    <FormDrawer
      title={list ? t('products.priceLists.edit') : t('products.priceLists.create')}
      width={480}
      saving={save.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="price-list-submit"
    >
      <ErrorAlert error={alertError} />
      <Form form={form} layout="vertical" initialValues={initialValues}>
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item name="code" label={t('products.fields.code')} rules={rules.code} required>
              <Input maxLength={40} data-testid="price-list-code" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t('products.fields.name')} rules={rules.name} required>
              <Input maxLength={100} data-testid="price-list-name" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="range" label={`${t('products.fields.validFrom')} – ${t('products.fields.validTo')}`}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
        </Form.Item>
        <Flex gap={24}>
          <Form.Item name="isDefault" label={t('products.fields.isDefault')} valuePropName="checked">
            <Switch data-testid="price-list-default" />
          </Form.Item>
          <Form.Item name="active" label={t('products.fields.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
      </Form>
    </FormDrawer>
  );
}

interface ItemRow {
  productId?: string;
  unitPriceCents?: number | null;
  floorPriceCents?: number | null;
}

function ItemsDrawer({ list, onClose }: { list: PriceList; onClose: () => void }) {
  const { t } = useTranslation();
  const items = usePriceListItems(list.id);
  const save = useSavePriceListItems();
  const [form] = Form.useForm<{ items: ItemRow[] }>();
  const [alertError, setAlertError] = useState<unknown>(null);
  const known = (items.data ?? []).map((item) => ({ id: item.productId, code: item.productCode, name: productName(item) }));
  const submit = async () => {
    setAlertError(null);
    const values = await validValues(form);
    if (!values) return;
    save.mutate(
      {
        id: list.id,
        version: list.version,
        items: (values.items ?? []).map((item) => ({
          productId: item.productId!,
          unitPriceCents: item.unitPriceCents ?? 0,
          floorPriceCents: item.floorPriceCents ?? null,
        })),
      },
      { onSuccess: onClose, onError: setAlertError },
    );
  };
  return (
    <FormDrawer
      title={`${t('products.priceLists.editItems')} · ${list.name}`}
      width={720}
      saving={save.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="price-list-items-submit"
    >
      <ErrorAlert error={alertError ?? items.error} />
      <Typography.Paragraph type="secondary">{t('products.priceLists.itemsHelp')}</Typography.Paragraph>
      {items.data ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            items: items.data.map(({ productId, unitPriceCents, floorPriceCents }) => ({ productId, unitPriceCents, floorPriceCents })),
          }}
        >
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => {
                  const known_ = items.data?.[index];
                  return (
                    <Flex key={field.key} gap={8} wrap align="start" data-testid={`price-list-item-${index}`}>
                      <Form.Item
                        name={[field.name, 'productId']}
                        rules={[{ required: true, message: t('common.validation.required') }]}
                        style={{ flex: '2 1 220px', marginBottom: 8 }}
                        extra={
                          known_ ? t('products.priceLists.productPrice', { price: formatCents(known_.productListPriceCents) }) : undefined
                        }
                      >
                        <ProductSelect known={known} testId={`price-list-item-product-${index}`} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'unitPriceCents']}
                        rules={[{ required: true, message: t('common.validation.required') }]}
                        style={{ flex: '1 1 120px', marginBottom: 8 }}
                      >
                        <MoneyInput placeholder={t('products.fields.unitPrice')} testId={`price-list-item-price-${index}`} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'floorPriceCents']} style={{ flex: '1 1 120px', marginBottom: 8 }}>
                        <MoneyInput placeholder={t('products.fields.floorPrice')} />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.actions.delete')} />
                    </Flex>
                  );
                })}
                <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="price-list-item-add">
                  {t('products.priceLists.addItem')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      ) : null}
    </FormDrawer>
  );
}

function ItemsPreview({ list }: { list: PriceList }) {
  const { t } = useTranslation();
  const can = useCan();
  const items = usePriceListItems(list.id);
  return (
    <DataTable
      testId={`price-list-items-${list.code}`}
      data={items.data}
      loading={items.isFetching}
      error={items.error}
      rowKey={(item) => item.productId}
      size="small"
      columns={[
        { key: 'code', title: t('products.fields.code'), dataIndex: 'productCode' },
        { key: 'name', title: t('products.fields.name'), render: (_, item) => productName(item) },
        {
          key: 'list',
          title: t('products.fields.listPrice'),
          align: 'right',
          render: (_, item) => <MoneyText cents={item.productListPriceCents} />,
        },
        {
          key: 'price',
          title: t('products.fields.unitPrice'),
          align: 'right',
          render: (_, item) => <MoneyText cents={item.unitPriceCents} />,
        },
        // Issue 16: floor prices only for those with the field permission.
        ...(can('products.floor')
          ? [
              {
                key: 'floor',
                title: t('products.fields.floorPrice'),
                align: 'right' as const,
                render: (_: unknown, item: PriceListItem) => <MoneyText cents={item.floorPriceCents ?? item.productFloorPriceCents} />,
              },
            ]
          : []),
      ]}
    />
  );
}

/** Price lists (价目表): validity, the default, and each list's product prices and floors. */
export default function PriceListsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const isPhone = useIsPhone();
  const lists = usePriceLists();
  const remove = useDeletePriceList();
  const [editing, setEditing] = useState<PriceList | 'new' | null>(null);
  const [itemsOf, setItemsOf] = useState<PriceList | null>(null);
  const writable = can('products.write');
  return (
    <>
      <PageHeader
        title={t('products.priceLists.title')}
        subtitle={isPhone ? undefined : t('products.priceLists.subtitle')}
        extra={
          writable ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="price-list-create">
              {t('products.priceLists.create')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { padding: isPhone ? 8 : 12 } }}>
        <DataTable<PriceList>
          testId="price-lists-table"
          data={lists.data}
          loading={lists.isFetching}
          error={lists.error}
          rowKey={(list) => list.id}
          rowTestKey={(list) => list.code}
          expandable={{ expandedRowRender: (list) => <ItemsPreview list={list} /> }}
          columns={[
            { key: 'code', title: t('products.fields.code'), dataIndex: 'code' },
            {
              key: 'name',
              title: t('products.fields.name'),
              render: (_, list) => (
                <Space>
                  {list.name}
                  {list.isDefault ? <Tag color="blue">{t('products.priceLists.defaultTag')}</Tag> : null}
                  {list.active ? null : <Tag>{t('products.catalogue.offSale')}</Tag>}
                </Space>
              ),
            },
            {
              key: 'valid',
              title: `${t('products.fields.validFrom')} – ${t('products.fields.validTo')}`,
              responsive: ['sm'],
              render: (_, list) =>
                list.validFrom || list.validTo ? `${list.validFrom ?? '…'} – ${list.validTo ?? '…'}` : t('products.priceLists.always'),
            },
            { key: 'items', title: t('products.fields.itemCount'), dataIndex: 'itemCount', align: 'right' },
            ...(writable
              ? [
                  {
                    key: 'actions',
                    title: '',
                    render: (_: unknown, list: PriceList) => (
                      <Space>
                        <Button
                          size="small"
                          icon={<EditOutlined />}
                          onClick={() => setEditing(list)}
                          aria-label={t('common.actions.edit')}
                        />
                        <Button
                          size="small"
                          icon={<UnorderedListOutlined />}
                          onClick={() => setItemsOf(list)}
                          data-testid={`price-list-items-edit-${list.code}`}
                        >
                          {isPhone ? null : t('products.priceLists.items')}
                        </Button>
                        <Popconfirm
                          title={t('common.confirmTitle')}
                          onConfirm={() =>
                            remove.mutate({ id: list.id, version: list.version }, { onError: (error) => message.error(error.message) })
                          }
                        >
                          <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.actions.delete')} />
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {editing ? <PriceListDrawer list={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
      {itemsOf ? <ItemsDrawer list={itemsOf} onClose={() => setItemsOf(null)} /> : null}
    </>
  );
}
