import { useState } from 'react';
import { App, Button, Col, Divider, Flex, Form, Input, InputNumber, Row, Select, Switch, TreeSelect, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { productCreateSchema, type Product } from '@xiaoguan/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { applyApiError, parseForm, zodRules } from '../../components/form';
import { validValues } from '../../components/hooks';
import { usePriceLists, useProductLines, useSaveProduct } from './api';
import { MoneyInput } from './MoneyInput';

interface Values {
  code?: string;
  name?: string;
  nameEn?: string;
  categoryId?: string | null;
  unit?: string;
  listPriceCents?: number | null;
  floorPriceCents?: number | null;
  description?: string;
  active?: boolean;
  tiers?: { priceListId?: string | null; minQuantity?: number | null; unitPriceCents?: number | null }[];
}

const FIELDS = ['code', 'name', 'nameEn', 'categoryId', 'unit', 'listPriceCents', 'floorPriceCents', 'description', 'active'] as const;

/** Create or edit a product with its ladder (R-PRC-1 volume prices). Mounted while open. */
export function ProductDrawer({ product, onClose }: { product?: Product; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveProduct();
  const lines = useProductLines();
  const priceLists = usePriceLists();
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(productCreateSchema, t);
  const [initialValues] = useState<Values>(() =>
    product
      ? {
          ...product,
          nameEn: product.nameEn ?? undefined,
          description: product.description ?? undefined,
          tiers: product.tiers.map((tier) => ({
            priceListId: tier.priceListId,
            minQuantity: tier.minQuantity,
            unitPriceCents: tier.unitPriceCents,
          })),
        }
      : { unit: '件', active: true, tiers: [] },
  );
  const treeData = (lines.data ?? []).map((line) => ({
    value: `line:${line.id}`,
    title: line.name,
    selectable: false,
    children: line.categories.map((category) => ({ value: category.id, title: category.name })),
  }));

  const submit = async () => {
    setAlertError(null);
    const values = await validValues(form);
    if (!values) return;
    const fields = {
      code: values.code?.trim(),
      name: values.name?.trim(),
      nameEn: values.nameEn?.trim() || null,
      categoryId: values.categoryId ?? null,
      unit: values.unit?.trim(),
      listPriceCents: values.listPriceCents ?? undefined,
      floorPriceCents: values.floorPriceCents ?? undefined,
      description: values.description?.trim() || null,
      active: values.active,
    };
    const body = parseForm(productCreateSchema, fields, form, t);
    if (!body) return;
    const tiers = (values.tiers ?? []).map((tier) => ({
      priceListId: tier.priceListId ?? null,
      minQuantity: tier.minQuantity ?? 0,
      unitPriceCents: tier.unitPriceCents ?? 0,
    }));
    const unchangedTiers =
      product &&
      JSON.stringify(tiers) ===
        JSON.stringify(
          product.tiers.map((tier) => ({
            priceListId: tier.priceListId,
            minQuantity: tier.minQuantity,
            unitPriceCents: tier.unitPriceCents,
          })),
        );
    save.mutate(
      { id: product?.id, body: product ? { ...body, version: product.version } : body, tiers: unchangedTiers ? undefined : tiers },
      {
        onSuccess: () => {
          message.success(t('products.catalogue.saved'));
          onClose();
        },
        onError: (error) => {
          if (!applyApiError(form, error, t, FIELDS)) setAlertError(error);
        },
      },
    );
  };

  return (
    <FormDrawer
      title={product ? `${t('products.catalogue.edit')} · ${product.code}` : t('products.catalogue.create')}
      width={640}
      saving={save.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="product-submit"
    >
      <ErrorAlert error={alertError} />
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="product-form">
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="code" label={t('products.fields.code')} rules={rules.code} required>
              <Input maxLength={40} data-testid="product-code" autoFocus={!product} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="name" label={t('products.fields.name')} rules={rules.name} required>
              <Input maxLength={200} data-testid="product-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="nameEn" label={t('products.fields.nameEn')} rules={rules.nameEn}>
              <Input maxLength={200} data-testid="product-name-en" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="unit" label={t('products.fields.unit')} rules={rules.unit} required>
              <Input maxLength={20} data-testid="product-unit" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="categoryId" label={t('products.fields.category')}>
              <TreeSelect treeData={treeData} treeDefaultExpandAll allowClear data-testid="product-category" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="active" label={t('products.fields.active')} valuePropName="checked">
              <Switch data-testid="product-active" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="listPriceCents" label={t('products.fields.listPrice')} rules={rules.listPriceCents} required>
              <MoneyInput testId="product-list-price" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="floorPriceCents"
              label={t('products.fields.floorPrice')}
              rules={rules.floorPriceCents}
              required
              extra={t('products.catalogue.floorHint')}
            >
              <MoneyInput testId="product-floor-price" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('products.fields.description')} rules={rules.description}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Divider titlePlacement="start">{t('products.fields.tiers')}</Divider>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('products.catalogue.tiersHelp')}
        </Typography.Paragraph>
        <Form.List name="tiers">
          {(items, { add, remove }) => (
            <>
              {items.map((item, index) => (
                <Flex key={item.key} gap={8} align="start" wrap data-testid={`product-tier-${index}`}>
                  <Form.Item name={[item.name, 'priceListId']} style={{ flex: '1 1 150px', marginBottom: 8 }}>
                    <Select
                      allowClear
                      placeholder={t('products.catalogue.anyList')}
                      options={(priceLists.data ?? []).map((list) => ({ value: list.id, label: list.name }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[item.name, 'minQuantity']}
                    rules={[{ required: true, message: t('common.validation.required') }]}
                    style={{ flex: '0 1 120px', marginBottom: 8 }}
                  >
                    <InputNumber
                      min={1}
                      precision={0}
                      placeholder={t('products.fields.minQuantity')}
                      style={{ width: '100%' }}
                      data-testid={`product-tier-min-${index}`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[item.name, 'unitPriceCents']}
                    rules={[{ required: true, message: t('common.validation.required') }]}
                    style={{ flex: '1 1 140px', marginBottom: 8 }}
                  >
                    <MoneyInput placeholder={t('products.fields.unitPrice')} testId={`product-tier-price-${index}`} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(item.name)} aria-label={t('common.actions.delete')} />
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ priceListId: null })} data-testid="product-tier-add">
                {t('products.catalogue.addTier')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </FormDrawer>
  );
}
