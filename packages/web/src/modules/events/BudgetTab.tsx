import { useEffect } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Progress,
  Row,
  Select,
  Statistic,
  Table,
  Tag,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { EVENT_COST_CATEGORIES, type BudgetLine, type EventCost, type EventCostCategory } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText, formatCents } from '../../components/MoneyText';
import { useEventBudget, useRecordCost, useSaveBudget, useSubmitBudget } from './api-ops';
import { BudgetRevisionCard } from './BudgetRevision';

interface LineForm {
  category: EventCostCategory;
  description?: string | null;
  amount: number;
}

/** Budget lines (edited while a draft or rejected), the approval status, actual costs and cost per attendee / per deal. */
export default function BudgetTab({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const budget = useEventBudget(eventId);
  const save = useSaveBudget(eventId);
  const submit = useSubmitBudget(eventId);
  const record = useRecordCost(eventId);
  const [linesForm] = Form.useForm<{ lines: LineForm[] }>();
  const [costForm] = Form.useForm();
  const b = budget.data;

  useEffect(() => {
    if (b) {
      linesForm.setFieldsValue({
        lines: b.lines.length
          ? b.lines.map((l) => ({ category: l.category, description: l.description, amount: l.amountCents / 100 }))
          : [{ category: 'venue', amount: 0 }],
      });
    }
  }, [b, linesForm]);

  if (budget.error) return isApiError(budget.error) && budget.error.status === 403 ? null : <ErrorAlert error={budget.error} />;
  if (!b) return null;

  const category = (c: EventCostCategory) => t(`events.ops.categories.${c}`);
  const saveLines = async () => {
    const values = await linesForm.validateFields();
    save.mutate(
      {
        lines: values.lines.map((l) => ({
          category: l.category,
          description: l.description || null,
          amountCents: Math.round(l.amount * 100),
        })),
        ...(b.version ? { version: b.version } : {}),
      },
      { onSuccess: () => message.success(t('events.ops.budget.saved')), onError: (error) => message.error(error.message) },
    );
  };
  const recordCost = async () => {
    const values = await costForm.validateFields();
    record.mutate(
      {
        lineId: values.lineId,
        amountCents: Math.round(values.amount * 100),
        description: values.description,
        incurredOn: (values.incurredOn as dayjs.Dayjs).format('YYYY-MM-DD'),
        requestOverBudget: Boolean(values.requestOverBudget),
        reason: values.reason || null,
      },
      {
        onSuccess: () => {
          message.success(t('events.ops.budget.recorded'));
          costForm.resetFields(['amount', 'description', 'reason']);
        },
        onError: (error) => {
          if (isApiError(error) && error.rule === 'R-EXP-2') {
            const data = error.data as { overByCents: number; remainingCents: number };
            message.error(
              t('events.ops.budget.overBudget', {
                over: formatCents(data.overByCents),
                left: formatCents(Math.max(0, data.remainingCents)),
              }),
            );
          } else message.error(error.message);
        },
      },
    );
  };

  return (
    <Flex vertical gap={12} data-testid="event-budget">
      <Row gutter={[12, 12]}>
        {[
          [
            'status',
            <Tag key="s" color={b.status === 'approved' ? 'green' : b.status === 'rejected' ? 'red' : 'blue'}>
              {t(`events.ops.budgetStatuses.${b.status ?? 'none'}`)}
            </Tag>,
          ],
          ['total', <MoneyText key="t" cents={b.totalCents} />],
          ['spent', <MoneyText key="p" cents={b.spentCents} />],
          ['perAttendee', b.costPerAttendeeCents === null ? '—' : <MoneyText key="a" cents={b.costPerAttendeeCents} />],
          ['perDeal', b.costPerDealCents === null ? '—' : <MoneyText key="d" cents={b.costPerDealCents} />],
          ['attendees', b.attendees],
        ].map(([key, value]) => (
          <Col key={key as string} xs={12} sm={8} lg={4}>
            <Card size="small">
              <Statistic title={t(`events.ops.budget.${key as string}`)} value={0} formatter={() => value as React.ReactNode} />
            </Card>
          </Col>
        ))}
      </Row>

      {b.abilities.edit ? (
        <Card size="small" title={t('events.ops.budget.title')}>
          <Form form={linesForm} layout="vertical">
            <Form.List name="lines">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Flex key={field.key} gap={8} wrap align="start">
                      <Form.Item name={[field.name, 'category']} rules={[{ required: true }]} style={{ minWidth: 180 }}>
                        <Select
                          options={EVENT_COST_CATEGORIES.map((c) => ({ value: c, label: category(c) }))}
                          aria-label={t('events.ops.budget.category')}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'description']} style={{ flex: 1, minWidth: 160 }}>
                        <Input placeholder={t('events.ops.budget.description')} maxLength={200} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'amount']} rules={[{ required: true }]}>
                        <InputNumber min={0} precision={2} prefix="¥" placeholder={t('events.ops.budget.amount')} style={{ width: 160 }} />
                      </Form.Item>
                      <Button
                        icon={<DeleteOutlined />}
                        onClick={() => remove(field.name)}
                        disabled={fields.length === 1}
                        aria-label="delete"
                      />
                    </Flex>
                  ))}
                  <Flex gap={8} wrap>
                    <Button icon={<PlusOutlined />} onClick={() => add({ category: 'other', amount: 0 })}>
                      {t('events.ops.budget.addLine')}
                    </Button>
                    <Button onClick={saveLines} loading={save.isPending} data-testid="budget-save">
                      {t('events.ops.budget.save')}
                    </Button>
                    {b.abilities.submit ? (
                      <Button
                        type="primary"
                        loading={submit.isPending}
                        data-testid="budget-submit"
                        onClick={() =>
                          submit.mutate(b.version!, {
                            onSuccess: () => message.success(t('events.ops.budget.submitted')),
                            onError: (error) => message.error(error.message),
                          })
                        }
                      >
                        {t('events.ops.budget.submit')}
                      </Button>
                    ) : null}
                  </Flex>
                </>
              )}
            </Form.List>
          </Form>
        </Card>
      ) : null}

      {b.lines.length ? (
        <Card size="small" title={t('events.ops.budget.title')}>
          <Table<BudgetLine>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 640 }}
            dataSource={b.lines}
            columns={[
              {
                title: t('events.ops.budget.category'),
                render: (_, l) => `${category(l.category)}${l.description ? ` · ${l.description}` : ''}`,
              },
              { title: t('events.ops.budget.amount'), align: 'right', render: (_, l) => <MoneyText cents={l.amountCents} /> },
              { title: t('events.ops.budget.used'), align: 'right', render: (_, l) => <MoneyText cents={l.spentCents} /> },
              {
                title: t('events.ops.budget.pending'),
                align: 'right',
                render: (_, l) => (l.pendingCents ? <MoneyText cents={l.pendingCents} /> : '—'),
              },
              { title: t('events.ops.budget.remaining'), align: 'right', render: (_, l) => <MoneyText cents={l.remainingCents} /> },
              {
                title: '',
                width: 160,
                render: (_, l) => (
                  <Progress
                    percent={Math.round(l.usage * 100)}
                    size="small"
                    status={l.usage > 1 ? 'exception' : l.warning ? 'active' : 'normal'}
                    strokeColor={l.warning ? '#fa8c16' : undefined}
                    format={(p) => (l.warning ? <span title={t('events.ops.budget.warning', { percent: `${p}%` })}>{p}% ⚠</span> : `${p}%`)}
                  />
                ),
              },
            ]}
          />
        </Card>
      ) : (
        <Card size="small">{t('events.ops.budget.noBudget')}</Card>
      )}

      <BudgetRevisionCard budget={b} />

      {b.abilities.recordCost ? (
        <Card size="small" title={t('events.ops.budget.recordCost')}>
          <Form form={costForm} layout="vertical" initialValues={{ incurredOn: dayjs() }}>
            <Row gutter={8}>
              <Col xs={24} md={6}>
                <Form.Item name="lineId" label={t('events.ops.budget.costLine')} rules={[{ required: true }]}>
                  <Select
                    options={b.lines.map((l) => ({
                      value: l.id,
                      label: `${category(l.category)}${l.description ? ` · ${l.description}` : ''}`,
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="amount" label={t('events.ops.budget.costAmount')} rules={[{ required: true }]}>
                  <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="incurredOn" label={t('events.ops.budget.incurredOn')} rules={[{ required: true }]}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={10}>
                <Form.Item name="description" label={t('events.ops.budget.costDescription')} rules={[{ required: true }]}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
            </Row>
            <Flex gap={8} wrap align="center">
              <Form.Item name="requestOverBudget" valuePropName="checked" noStyle>
                <Checkbox>{t('events.ops.budget.requestOverBudget')}</Checkbox>
              </Form.Item>
              <Form.Item name="reason" noStyle>
                <Input placeholder={t('events.ops.budget.reason')} maxLength={500} style={{ maxWidth: 320 }} />
              </Form.Item>
              <Button type="primary" onClick={recordCost} loading={record.isPending} data-testid="cost-record">
                {t('events.ops.budget.recordCost')}
              </Button>
            </Flex>
          </Form>
        </Card>
      ) : null}

      {b.costs.length ? (
        <Card size="small" title={t('events.ops.budget.costs')}>
          <Table<EventCost>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 640 }}
            dataSource={b.costs}
            columns={[
              { title: t('events.ops.budget.incurredOn'), dataIndex: 'incurredOn', width: 110 },
              { title: t('events.ops.budget.category'), render: (_, c) => category(c.category) },
              { title: t('events.ops.budget.costDescription'), dataIndex: 'description' },
              { title: t('events.ops.budget.costAmount'), align: 'right', render: (_, c) => <MoneyText cents={c.amountCents} /> },
              {
                title: t('events.ops.budget.costStatus'),
                render: (_, c) => (
                  <Tag color={c.status === 'recorded' ? 'green' : c.status === 'rejected' ? 'red' : 'orange'}>
                    {t(`events.ops.costStatuses.${c.status}`)}
                  </Tag>
                ),
              },
              { title: t('events.ops.budget.recordedBy'), dataIndex: 'recordedByName' },
            ]}
          />
        </Card>
      ) : null}
    </Flex>
  );
}
