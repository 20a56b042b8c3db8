import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Empty, Form, Input, Modal, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Competitor } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { MoneyText } from '../../components/MoneyText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCan } from '../../core/session';
import { useCompetitors, useCreateCompetitor } from './api';

function NewCompetitor({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; website?: string; strengths?: string; weaknesses?: string }>();
  const create = useCreateCompetitor();
  return (
    <Modal
      open
      title={t('market.competitors.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          create.mutate(values, {
            onSuccess: () => {
              void message.success(t('market.competitors.saved'));
              onClose();
            },
          })
        }
      >
        <Form.Item name="name" label={t('market.fields.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={120} data-testid="competitor-name" />
        </Form.Item>
        <Form.Item name="website" label={t('market.fields.website')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="strengths" label={t('market.fields.strengths')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item name="weaknesses" label={t('market.fields.weaknesses')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <ErrorAlert error={create.error} />
      </Form>
    </Modal>
  );
}

/** Competitors as records (issue 21 item 1): feedback, deals lost and the latest price at a glance. */
export default function CompetitorsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const competitors = useCompetitors();
  const [adding, setAdding] = useState(false);
  return (
    <>
      <PageHeader
        title={t('market.competitors.title')}
        subtitle={t('market.competitors.subtitle')}
        extra={
          can('market.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="competitor-add">
              {t('market.competitors.add')}
            </Button>
          ) : null
        }
      />
      {competitors.error ? <ErrorAlert error={competitors.error} onReload={() => void competitors.refetch()} /> : null}
      <Table<Competitor>
        rowKey="id"
        size="middle"
        loading={competitors.isLoading}
        dataSource={competitors.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('market.competitors.empty')} /> }}
        columns={[
          {
            title: t('market.fields.name'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <Link to={`/market/competitors/${row.id}`} data-testid="competitor-link">
                {name}
              </Link>
            ),
          },
          { title: t('market.fields.strengths'), dataIndex: 'strengths', ellipsis: true, responsive: ['md'] },
          { title: t('market.fields.feedbackCount'), dataIndex: 'feedbackCount', align: 'right' },
          { title: t('market.fields.lostDeals'), dataIndex: 'lostDeals', align: 'right' },
          {
            title: t('market.fields.latestPrice'),
            dataIndex: 'latestPriceCents',
            align: 'right',
            render: (c: number | null) => <MoneyText cents={c} />,
          },
        ]}
      />
      {adding ? <NewCompetitor onClose={() => setAdding(false)} /> : null}
    </>
  );
}
