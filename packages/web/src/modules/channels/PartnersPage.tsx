import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Drawer, Empty, Form, Input, Select, Switch, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PARTNER_KINDS, PARTNER_TIERS, type PartnerRow, type PartnerTier } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { MoneyText } from '../../components/MoneyText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useIsPhone } from '../../components/useMediaQuery';
import { useCan } from '../../core/session';
import { useChannelOptions, useCreatePartner, usePartners, useRecomputeTiers } from './api';
import { TierTag } from './labels';

function NewPartner({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = useIsPhone();
  const [form] = Form.useForm();
  const options = useChannelOptions();
  const create = useCreatePartner();
  return (
    <Drawer open title={t('channels.partners.add')} onClose={onClose} width={phone ? '100%' : 480} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'distributor', tier: 'bronze', exclusive: false, regionIds: [], productLines: [] }}
        onFinish={(values) =>
          create.mutate(values, {
            onSuccess: () => {
              void message.success(t('channels.partners.created'));
              onClose();
            },
          })
        }
      >
        <Form.Item name="name" label={t('channels.fields.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={120} data-testid="partner-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('channels.fields.kind')}>
          <Select options={PARTNER_KINDS.map((value) => ({ value, label: t(`channels.kinds.${value}`) }))} />
        </Form.Item>
        <Form.Item name="tier" label={t('channels.fields.tier')}>
          <Select options={PARTNER_TIERS.map((value) => ({ value, label: t(`channels.tiers.${value}`) }))} />
        </Form.Item>
        <Form.Item name="regionIds" label={t('channels.fields.regions')}>
          <Select mode="multiple" options={(options.data?.regions ?? []).map((r) => ({ value: r.id, label: r.name }))} />
        </Form.Item>
        <Form.Item name="exclusive" label={t('channels.fields.exclusive')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="productLines" label={t('channels.fields.productLines')}>
          <Select mode="tags" tokenSeparators={[',', '，']} />
        </Form.Item>
        <Form.Item name="contractTerms" label={t('channels.fields.contractTerms')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <ErrorAlert error={create.error} />
        <Button type="primary" htmlType="submit" loading={create.isPending} block data-testid="partner-save">
          {t('channels.partners.add')}
        </Button>
      </Form>
    </Drawer>
  );
}

/** Partners by tier (issue 21 item 3): territory, qualification, protected deals and this quarter's orders. */
export default function PartnersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [tier, setTier] = useState<PartnerTier | undefined>();
  const [q, setQ] = useState('');
  const partners = usePartners({ tier, q: q || undefined });
  const recompute = useRecomputeTiers();
  const [adding, setAdding] = useState(false);
  return (
    <>
      <PageHeader
        title={t('channels.partners.title')}
        subtitle={t('channels.partners.subtitle')}
        extra={
          <>
            <Input.Search allowClear placeholder={t('channels.partners.search')} onSearch={setQ} style={{ width: 180 }} />
            <Select
              allowClear
              placeholder={t('channels.partners.allTiers')}
              value={tier}
              onChange={setTier}
              style={{ width: 120 }}
              options={PARTNER_TIERS.map((value) => ({ value, label: t(`channels.tiers.${value}`) }))}
            />
            {can('channels.manage') ? (
              <>
                <Button
                  loading={recompute.isPending}
                  onClick={() =>
                    recompute.mutate(undefined, {
                      onSuccess: (list) => void message.success(t('channels.partners.recomputed', { count: list.length })),
                    })
                  }
                >
                  {t('channels.partners.recompute')}
                </Button>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="partner-add">
                  {t('channels.partners.add')}
                </Button>
              </>
            ) : null}
          </>
        }
      />
      {partners.error ? <ErrorAlert error={partners.error} onReload={() => void partners.refetch()} /> : null}
      <Table<PartnerRow>
        rowKey="id"
        size="middle"
        loading={partners.isLoading}
        dataSource={partners.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('channels.partners.empty')} /> }}
        columns={[
          {
            title: t('channels.fields.name'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <Link to={`/channels/partners/${row.id}`} data-testid="partner-link">
                {name}
              </Link>
            ),
          },
          { title: t('channels.fields.tier'), dataIndex: 'tier', render: (v: PartnerTier) => <TierTag tier={v} /> },
          { title: t('channels.fields.kind'), dataIndex: 'kind', render: (v: string) => t(`channels.kinds.${v}`), responsive: ['md'] },
          {
            title: t('channels.fields.regions'),
            dataIndex: 'regionNames',
            responsive: ['md'],
            render: (names: string[], row) => `${names.join('、') || '—'}${row.exclusive ? ` (${t('channels.fields.exclusive')})` : ''}`,
          },
          {
            title: t('channels.fields.qualification'),
            dataIndex: 'qualificationStatus',
            render: (v: string) => t(`channels.qualification.${v}`),
            responsive: ['lg'],
          },
          { title: t('channels.fields.registrations'), dataIndex: 'activeRegistrations', align: 'right', responsive: ['lg'] },
          {
            title: t('channels.fields.quarterOrders'),
            dataIndex: 'quarterOrdersCents',
            align: 'right',
            render: (v: number) => <MoneyText cents={v} />,
          },
        ]}
      />
      {adding ? <NewPartner onClose={() => setAdding(false)} /> : null}
    </>
  );
}
