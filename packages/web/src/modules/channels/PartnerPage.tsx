import { useState } from 'react';
import { useParams } from 'react-router-dom';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Row,
  Skeleton,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PartnerDetail } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { MoneyText } from '../../components/MoneyText';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiUrl } from '../../core/api';
import { useAddContact, usePartner, useSubmitQualification, useUploadDocument } from './api';
import { RegistrationTag, TierTag, percent } from './labels';
import { PartnerTrainings } from './PartnerTrainings';

function Qualification({ partner }: { partner: PartnerDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const defaults = t('channels.partner.defaultItems').split(',');
  const [items, setItems] = useState(partner.checklist.length ? partner.checklist : defaults.map((item) => ({ item, done: false })));
  const [renewal, setRenewal] = useState<Dayjs | null>(null);
  const [extra, setExtra] = useState('');
  const submit = useSubmitQualification(partner.id);
  const editable = partner.abilities.qualify;
  return (
    <Card
      size="small"
      title={t('channels.partner.qualification')}
      extra={<Tag>{t(`channels.qualification.${partner.qualificationStatus}`)}</Tag>}
      data-testid="partner-qualification"
    >
      {items.map((entry, index) => (
        <div key={`${entry.item}-${index}`}>
          <Checkbox
            checked={entry.done}
            disabled={!editable}
            onChange={(e) => setItems(items.map((other, i) => (i === index ? { ...other, done: e.target.checked } : other)))}
          >
            {entry.item}
          </Checkbox>
        </div>
      ))}
      {editable ? (
        <>
          <Flex gap={8} style={{ margin: '8px 0' }}>
            <Input value={extra} onChange={(e) => setExtra(e.target.value)} maxLength={200} placeholder={t('channels.partner.addItem')} />
            <Button
              disabled={!extra.trim()}
              onClick={() => {
                setItems([...items, { item: extra.trim(), done: false }]);
                setExtra('');
              }}
            >
              {t('channels.partner.addItem')}
            </Button>
          </Flex>
          <Form.Item label={t('channels.fields.renewalOn')} style={{ marginBottom: 8 }}>
            <DatePicker value={renewal} onChange={setRenewal} data-testid="qualification-renewal" />
          </Form.Item>
          <ErrorAlert error={submit.error} />
          <Button
            type="primary"
            disabled={!renewal || items.some((entry) => !entry.done)}
            loading={submit.isPending}
            data-testid="qualification-submit"
            onClick={() =>
              renewal &&
              submit.mutate(
                { checklist: items, renewalOn: renewal.format('YYYY-MM-DD'), version: partner.version },
                { onSuccess: () => void message.success(t('channels.partner.submitted')) },
              )
            }
          >
            {t('channels.partner.submit')}
          </Button>
        </>
      ) : partner.renewalOn ? (
        <Typography.Text type="secondary">{`${t('channels.fields.renewalOn')}: ${partner.renewalOn}`}</Typography.Text>
      ) : null}
    </Card>
  );
}

function Contacts({ partner }: { partner: PartnerDetail }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; title?: string; phone?: string }>();
  const add = useAddContact(partner.id);
  return (
    <Card size="small" title={t('channels.partner.contacts')}>
      <List
        size="small"
        dataSource={partner.contacts}
        locale={{ emptyText: t('channels.partner.empty') }}
        renderItem={(c) => (
          <List.Item>
            {c.name} {c.title ? <Typography.Text type="secondary">{c.title}</Typography.Text> : null} {c.phone}
          </List.Item>
        )}
      />
      {partner.abilities.update ? (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 8, rowGap: 8 }}
          onFinish={(values) => add.mutate(values, { onSuccess: () => form.resetFields() })}
        >
          <Form.Item name="name" rules={[{ required: true, whitespace: true }]}>
            <Input placeholder={t('channels.fields.contact')} maxLength={60} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="title">
            <Input placeholder={t('channels.fields.title')} maxLength={60} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="phone">
            <Input placeholder={t('channels.fields.phone')} maxLength={40} style={{ width: 140 }} />
          </Form.Item>
          <Button htmlType="submit" loading={add.isPending}>
            {t('channels.partner.addContact')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

function Documents({ partner }: { partner: PartnerDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadDocument(partner.id);
  return (
    <Card
      size="small"
      title={t('channels.partner.documents')}
      extra={
        partner.abilities.update ? (
          <Upload
            showUploadList={false}
            beforeUpload={(file) => {
              upload.mutate(file, { onSuccess: () => void message.success(t('channels.partner.uploaded')) });
              return false;
            }}
          >
            <Button size="small" icon={<UploadOutlined />} loading={upload.isPending}>
              {t('channels.partner.upload')}
            </Button>
          </Upload>
        ) : null
      }
    >
      <ErrorAlert error={upload.error} />
      <List
        size="small"
        dataSource={partner.documents}
        locale={{ emptyText: t('channels.partner.empty') }}
        renderItem={(d) => (
          <List.Item>
            <a href={apiUrl(`/channels/partner-documents/${d.id}`)}>{d.fileName}</a>
            <DateTimeText value={d.createdAt} dateOnly />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** One partner: profile and territory, contacts, documents, the qualification review, tiers, registrations, deals, contribution. */
export default function PartnerPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = usePartner(id);
  if (query.error) return <ErrorAlert error={query.error} onReload={() => void query.refetch()} />;
  const p = query.data;
  if (!p) return <Skeleton active />;
  return (
    <>
      <PageHeader title={p.name} subtitle={t(`channels.kinds.${p.kind}`)} extra={<TierTag tier={p.tier} />} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('channels.partner.profile')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('channels.fields.status')}>{t(`channels.partnerStatuses.${p.status}`)}</Descriptions.Item>
              <Descriptions.Item label={t('channels.fields.regions')}>
                {p.regionNames.join('、') || '—'}
                {p.exclusive ? <Tag style={{ marginLeft: 8 }}>{t('channels.fields.exclusive')}</Tag> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('channels.fields.productLines')}>{p.productLines.join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('channels.fields.contractEnd')}>{p.contractEnd ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('channels.fields.contractTerms')}>{p.contractTerms || '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('channels.partner.contribution')}>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('channels.fields.orders')}>
                <MoneyText cents={p.contribution.ordersCents} />
              </Descriptions.Item>
              <Descriptions.Item label={t('channels.fields.growth')}>{percent(p.contribution.growthBp)}</Descriptions.Item>
              <Descriptions.Item label={t('channels.fields.collections')}>
                <MoneyText cents={p.contribution.collectionsCents} />
              </Descriptions.Item>
              <Descriptions.Item label={t('channels.fields.deals')}>{p.contribution.deals}</Descriptions.Item>
              <Descriptions.Item label={t('channels.fields.satisfaction')}>
                {p.contribution.satisfaction === null ? '—' : p.contribution.satisfaction.toFixed(1)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Qualification key={p.version} partner={p} />
        </Col>
        <Col xs={24} lg={12}>
          <Documents partner={p} />
        </Col>
        <Col xs={24} lg={12}>
          <Contacts partner={p} />
        </Col>
        <Col xs={24}>
          <PartnerTrainings partner={p} today={new Intl.DateTimeFormat('en-CA').format(new Date())} />
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('channels.partner.tierHistory')}>
            <Table
              rowKey="changedAt"
              size="small"
              pagination={false}
              dataSource={p.tierHistory}
              columns={[
                { title: t('channels.fields.date'), dataIndex: 'changedAt', render: (v: string) => <DateTimeText value={v} dateOnly /> },
                { title: t('channels.fields.tier'), key: 'tier', render: (_: unknown, h) => <TierTag tier={h.toTier} /> },
                {
                  title: t('channels.fields.reason'),
                  dataIndex: 'reason',
                  render: (v: string) => (v === 'onboarding' ? t('channels.partner.onboarding') : v),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('channels.partner.registrations')}>
            <Table
              rowKey="id"
              size="small"
              scroll={{ x: 'max-content' }}
              pagination={{ pageSize: 5, hideOnSinglePage: true }}
              dataSource={p.registrations}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              columns={[
                { title: t('channels.fields.customer'), dataIndex: 'customerName' },
                {
                  title: t('channels.fields.status'),
                  dataIndex: 'status',
                  render: (v: PartnerDetail['registrations'][number]['status']) => <RegistrationTag status={v} />,
                },
                { title: t('channels.fields.protectedUntil'), dataIndex: 'protectedUntil', render: (v: string | null) => v ?? '—' },
                {
                  title: t('channels.fields.expected'),
                  dataIndex: 'expectedCents',
                  align: 'right',
                  render: (v: number) => <MoneyText cents={v} />,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('channels.partner.deals')}>
            <Table
              rowKey="id"
              size="small"
              scroll={{ x: 'max-content' }}
              pagination={{ pageSize: 5, hideOnSinglePage: true }}
              dataSource={p.deals}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              columns={[
                { title: t('channels.fields.kind'), dataIndex: 'kind', render: (v: 'order' | 'opportunity') => t(`channels.partner.${v}`) },
                { title: t('channels.fields.name'), dataIndex: 'label' },
                { title: t('channels.fields.customer'), dataIndex: 'customerName' },
                {
                  title: t('channels.fields.amount'),
                  dataIndex: 'amountCents',
                  align: 'right',
                  render: (v: number) => <MoneyText cents={v} />,
                },
                { title: t('channels.fields.date'), dataIndex: 'at', render: (v: string) => <DateTimeText value={v} dateOnly /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
