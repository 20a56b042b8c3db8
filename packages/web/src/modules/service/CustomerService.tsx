import { useState } from 'react';
import { Alert, Button, Card, Col, Flex, Row, Statistic, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { ComplaintRow, Customer } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { DateTimeText } from '../../components/DateTimeText';
import { useComplaints, useCustomerService } from './api';
import { ComplaintDrawer } from './ComplaintQueuePage';
import { categoryLabel, ComplaintStatusTag, PriorityTag, SlaTag } from './labels';

/** The customer page's badge (issue 20 item 7): an open critical complaint is shown above the tabs. */
export function CustomerComplaintBadge({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const summary = useCustomerService(customerId);
  if (!can('complaints.read') || !summary.data?.openCritical) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      message={t('service.customer.critical', { count: summary.data.openCritical })}
      data-testid="customer-critical-complaint"
    />
  );
}

/** The customer's service tab: complaints and satisfaction scores. */
export function CustomerServiceTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const summary = useCustomerService(customer.id);
  const complaints = useComplaints({ page: 1, pageSize: 50, customerId: customer.id, status: '' });
  const columns: ColumnsType<ComplaintRow> = [
    { title: t('service.fields.number'), dataIndex: 'number' },
    { title: t('service.fields.title'), dataIndex: 'title' },
    { title: t('service.fields.category'), render: (_: unknown, row) => categoryLabel(t, row.category) },
    { title: t('service.fields.priority'), render: (_: unknown, row) => <PriorityTag priority={row.priority} /> },
    { title: t('service.fields.status'), render: (_: unknown, row) => <ComplaintStatusTag status={row.status} /> },
    { title: t('service.fields.sla'), render: (_: unknown, row) => <SlaTag sla={row.sla} /> },
    { title: t('service.fields.createdAt'), render: (_: unknown, row) => <DateTimeText value={row.createdAt} /> },
  ];
  const scores = summary.data?.scores;
  return (
    <Flex vertical gap={12}>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={8}>
          <Card size="small">
            <Statistic
              title={t('service.customer.open', { count: summary.data?.openComplaints ?? 0 })}
              value={summary.data?.openComplaints ?? 0}
            />
          </Card>
        </Col>
        <Col xs={12} md={8}>
          <Card size="small">
            <Statistic
              title={t('service.customer.csat')}
              value={scores?.csat ?? t('service.customer.none')}
              suffix={scores?.csat == null ? undefined : '%'}
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t('service.customer.nps')} value={scores?.nps ?? t('service.customer.none')} />
          </Card>
        </Col>
      </Row>
      {can('complaints.write') ? (
        <Flex justify="flex-end">
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-complaint-create">
            {t('service.list.create')}
          </Button>
        </Flex>
      ) : null}
      <Table
        size="small"
        rowKey="id"
        loading={complaints.isFetching}
        dataSource={complaints.data?.items ?? []}
        columns={columns}
        scroll={{ x: true }}
        pagination={false}
        onRow={(row) => ({ onClick: () => navigate(`/complaints/${row.id}`), style: { cursor: 'pointer' } })}
      />
      {creating ? (
        <ComplaintDrawer
          customerId={customer.id}
          onClose={(id) => {
            setCreating(false);
            if (id) navigate(`/complaints/${id}`);
          }}
        />
      ) : null}
    </Flex>
  );
}
