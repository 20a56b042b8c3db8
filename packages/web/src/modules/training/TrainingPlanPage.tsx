import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import {
  ROLES,
  TRAINING_LEVELS,
  TRAINING_METHODS,
  TRAINING_TOPICS,
  type TrainingPlan,
  type TrainingSessionInput,
  type TrainingSessionRow,
} from '@xiaoguan/shared';
import { useCan, useTimeZone } from '../../core/session';
import { dayjs, inZone } from '../../core/time';
import { PageHeader } from '../../components/PageHeader';
import { DataTable } from '../../components/DataTable';
import { FormDrawer } from '../../components/FormDrawer';
import { MoneyText } from '../../components/MoneyText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { UserSelect } from '../org';
import { useCreatePlan, useCreateSession, useDrawableBudgets, usePlans, useSessions, useUpdatePlan, type PlanInput } from './api';
import { EnrolmentTag } from './labels';

function PlanDrawer({ year, onClose }: { year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const create = useCreatePlan();
  const [form] = Form.useForm<PlanInput & { budgetYuan: number }>();
  const planYear = Form.useWatch('year', form) ?? year;
  const budgets = useDrawableBudgets(planYear);
  const submit = async () => {
    const { budgetYuan, ...values } = await form.validateFields();
    create.mutate(
      {
        ...values,
        goals: values.goals ?? '',
        budgetCents: Math.round((budgetYuan ?? 0) * 100),
        expenseBudgetId: values.expenseBudgetId ?? null,
      },
      { onSuccess: () => (message.success(t('training.plan.saved')), onClose()), onError: (error) => message.error(error.message) },
    );
  };
  return (
    <FormDrawer
      title={t('training.plan.newPlan')}
      width={480}
      saving={create.isPending}
      onSave={submit}
      onClose={onClose}
      submitTestId="plan-save"
    >
      <Form form={form} layout="vertical" initialValues={{ year, budgetYuan: 0 }}>
        <Form.Item name="year" label={t('training.plan.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="title" label={t('training.plan.form.title')} rules={[{ required: true, max: 120 }]}>
          <Input data-testid="plan-title" />
        </Form.Item>
        <Form.Item name="goals" label={t('training.plan.goals')}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Form.Item name="budgetYuan" label={t('training.plan.budget')}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} prefix="¥" />
        </Form.Item>
        <Form.Item name="expenseBudgetId" label={t('training.plan.expenseBudget')} extra={t('training.plan.expenseBudgetHint')}>
          <Select
            allowClear
            loading={budgets.isLoading}
            data-testid="plan-expense-budget"
            options={(budgets.data ?? []).map((b) => ({
              value: b.id,
              label: `${b.category} · ${b.orgUnitName} · ${b.periodStart} – ${b.periodEnd}`,
            }))}
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

type SessionForm = Omit<TrainingSessionInput, 'startsAt' | 'endsAt' | 'budgetCents'> & {
  time: [dayjs.Dayjs, dayjs.Dayjs];
  budgetYuan: number;
};

function SessionDrawer({ plans, onClose }: { plans: TrainingPlan[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateSession();
  const [form] = Form.useForm<SessionForm>();
  const submit = async () => {
    const { time, budgetYuan, ...values } = await form.validateFields();
    create.mutate(
      {
        ...values,
        audienceRoles: values.audienceRoles ?? [],
        location: values.location ?? '',
        trainerId: values.trainerId ?? null,
        externalTrainer: values.externalTrainer || null,
        certification: values.certification || null,
        certValidMonths: values.certValidMonths ?? null,
        materials: (values.materials ?? []).filter((m) => m.title && m.url),
        startsAt: time[0].toISOString(),
        endsAt: time[1].toISOString(),
        budgetCents: Math.round((budgetYuan ?? 0) * 100),
      },
      {
        onSuccess: (session) => (message.success(t('training.plan.saved')), onClose(), navigate(`/training/sessions/${session.id}`)),
        onError: (error) => message.error(error.message),
      },
    );
  };
  return (
    <FormDrawer
      title={t('training.plan.newSession')}
      width={560}
      saving={create.isPending}
      onSave={submit}
      onClose={onClose}
      submitTestId="session-save"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          planId: plans[0]?.id,
          topic: 'product',
          method: 'internal',
          level: 'junior',
          capacity: 30,
          budgetYuan: 0,
          audienceRoles: ['rep'],
        }}
      >
        <Form.Item name="planId" label={t('training.plan.form.plan')} rules={[{ required: true }]}>
          <Select options={plans.map((p) => ({ value: p.id, label: `${p.year} ${p.title}` }))} />
        </Form.Item>
        <Form.Item name="title" label={t('training.plan.form.title')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="session-title" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="topic" label={t('training.plan.columns.topic')}>
              <Select options={TRAINING_TOPICS.map((v) => ({ value: v, label: t(`training.topics.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="method" label={t('training.plan.columns.method')}>
              <Select options={TRAINING_METHODS.map((v) => ({ value: v, label: t(`training.methods.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="level" label={t('training.plan.columns.level')}>
              <Select options={TRAINING_LEVELS.map((v) => ({ value: v, label: t(`training.levels.${v}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="audienceRoles" label={t('training.plan.form.audience')}>
          <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`common.roles.${r}`) }))} />
        </Form.Item>
        <Form.Item name="time" label={t('training.plan.form.time')} rules={[{ required: true }]}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            data-testid="session-time"
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={16}>
            <Form.Item name="location" label={t('training.plan.form.location')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="capacity" label={t('training.plan.form.capacity')} rules={[{ required: true }]}>
              <InputNumber min={1} max={10000} style={{ width: '100%' }} data-testid="session-capacity" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="trainerId" label={t('training.plan.form.trainer')}>
              <UserSelect testId="session-trainer" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="externalTrainer" label={t('training.plan.form.externalTrainer')}>
              <Input maxLength={120} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="certification" label={t('training.plan.form.certification')}>
              <Input maxLength={120} data-testid="session-certification" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="certValidMonths" label={t('training.plan.form.certValidMonths')}>
              <InputNumber min={1} max={120} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="budgetYuan" label={t('training.plan.budget')}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('training.plan.form.materials')}</Typography.Text>
        <Form.List name="materials">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} wrap>
                  <Form.Item name={[field.name, 'title']} style={{ flex: '1 1 140px' }}>
                    <Input placeholder={t('training.plan.form.materialTitle')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'url']} rules={[{ type: 'url' }]} style={{ flex: '2 1 200px' }}>
                    <Input placeholder="https://" />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)}>×</Button>
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ title: '', url: '' })}>
                {t('training.plan.form.addMaterial')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </FormDrawer>
  );
}

/** The annual plan (issue 20 item 1): plans of the year, and its sessions by month or as a list. */
export default function TrainingPlanPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const navigate = useNavigate();
  const timeZone = useTimeZone();
  const [year, setYear] = useState(() => dayjs().year());
  const [view, setView] = useState<'calendar' | 'list'>('calendar');
  const [drawer, setDrawer] = useState<'plan' | 'session' | null>(null);
  const plans = usePlans(year);
  const sessions = useSessions(year);
  const update = useUpdatePlan();
  const manage = can('training.manage');
  const byMonth = useMemo(() => {
    const months = new Map<number, TrainingSessionRow[]>();
    for (const s of sessions.data ?? []) {
      const m = inZone(s.startsAt, timeZone).month();
      months.set(m, [...(months.get(m) ?? []), s]);
    }
    return [...months.entries()].sort((a, b) => a[0] - b[0]);
  }, [sessions.data, timeZone]);
  const columns: ColumnsType<TrainingSessionRow> = [
    { title: t('training.plan.columns.title'), dataIndex: 'title', ellipsis: true },
    { title: t('training.plan.columns.startsAt'), render: (_, s) => inZone(s.startsAt, timeZone).format('MM-DD HH:mm'), width: 120 },
    { title: t('training.plan.columns.topic'), render: (_, s) => t(`training.topics.${s.topic}`), width: 110 },
    { title: t('training.plan.columns.method'), render: (_, s) => t(`training.methods.${s.method}`), width: 100 },
    { title: t('training.plan.columns.level'), render: (_, s) => t(`training.levels.${s.level}`), width: 80 },
    { title: t('training.plan.columns.trainer'), render: (_, s) => s.trainerName ?? s.externalTrainer ?? '', width: 110, ellipsis: true },
    { title: t('training.plan.columns.places'), render: (_, s) => `${s.enrolled} / ${s.capacity}`, width: 120 },
    { title: t('training.plan.columns.mine'), render: (_, s) => <EnrolmentTag status={s.myStatus} />, width: 100 },
  ];
  const planList = plans.data ?? [];
  return (
    <>
      <PageHeader
        title={t('training.plan.title')}
        subtitle={t('training.plan.subtitle')}
        extra={
          <Space wrap>
            <Select
              value={year}
              onChange={setYear}
              options={[-1, 0, 1].map((d) => ({ value: dayjs().year() + d, label: String(dayjs().year() + d) }))}
              aria-label={t('training.plan.year')}
            />
            {manage ? (
              <Button icon={<PlusOutlined />} onClick={() => setDrawer('plan')} data-testid="plan-new">
                {t('training.plan.newPlan')}
              </Button>
            ) : null}
            {manage && planList.length ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer('session')} data-testid="session-new">
                {t('training.plan.newSession')}
              </Button>
            ) : null}
          </Space>
        }
      />
      {plans.error ? <ErrorAlert error={plans.error} /> : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {planList.map((p) => (
          <Col xs={24} md={12} key={p.id}>
            <Card size="small" data-testid={`plan-${p.title}`}>
              <Flex justify="space-between" align="start" gap={8} wrap>
                <div style={{ minWidth: 0 }}>
                  <Typography.Text strong>{p.title.includes(String(p.year)) ? p.title : `${p.year} ${p.title}`}</Typography.Text>{' '}
                  <Tag color={p.status === 'published' ? 'success' : 'default'}>{t(`training.plan.${p.status}`)}</Tag>
                  <div>
                    <Typography.Text type="secondary">
                      {t('training.plan.sessions', { count: p.sessions })} · {t('training.plan.budget')} <MoneyText cents={p.budgetCents} />{' '}
                      · {t('training.plan.sessionBudget')} <MoneyText cents={p.sessionBudgetCents} />
                    </Typography.Text>
                  </div>
                  {p.expenseBudget ? (
                    <div data-testid="plan-expense-figures">
                      <Typography.Text type="secondary">
                        {t('training.plan.expenseBudget')} {p.expenseBudget.category} · {p.expenseBudget.orgUnitName} ·{' '}
                        {t('training.plan.budgetLeft')} <MoneyText cents={p.expenseBudget.remainingCents} /> /{' '}
                        <MoneyText cents={p.expenseBudget.budgetCents} />
                      </Typography.Text>
                    </div>
                  ) : p.budgetCents > 0 ? (
                    // A plan may be paid outside the expense budgets; then nothing checks its budget, so say so.
                    <div data-testid="plan-no-expense-budget">
                      <Tag color="warning" style={{ marginTop: 4, whiteSpace: 'normal' }}>
                        {t('training.plan.noExpenseBudget')}
                      </Tag>
                    </div>
                  ) : null}
                  {p.goals ? (
                    <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{p.goals}</Typography.Paragraph>
                  ) : null}
                </div>
                {p.abilities.update && p.status === 'draft' ? (
                  <Button
                    size="small"
                    type="primary"
                    loading={update.isPending}
                    data-testid="plan-publish"
                    onClick={() =>
                      update.mutate(
                        { id: p.id, version: p.version, status: 'published' },
                        {
                          onSuccess: () => message.success(t('training.plan.publishedOk')),
                          onError: (error) => message.error(error.message),
                        },
                      )
                    }
                  >
                    {t('training.plan.publish')}
                  </Button>
                ) : null}
              </Flex>
            </Card>
          </Col>
        ))}
      </Row>
      {!plans.isLoading && !planList.length ? <Empty description={t('training.plan.empty')} /> : null}
      {planList.length ? (
        <>
          <Segmented
            value={view}
            onChange={(v) => setView(v as 'calendar' | 'list')}
            options={[
              { value: 'calendar', label: t('training.plan.calendar') },
              { value: 'list', label: t('training.plan.list') },
            ]}
            style={{ marginBottom: 12 }}
          />
          {view === 'list' ? (
            <DataTable
              data={sessions.data}
              loading={sessions.isLoading}
              error={sessions.error}
              rowKey={(s) => s.id}
              rowTestKey={(s) => s.title}
              testId="training-sessions"
              columns={columns}
              onRowClick={(s) => navigate(`/training/sessions/${s.id}`)}
            />
          ) : (
            <Row gutter={[12, 12]} data-testid="training-calendar">
              {byMonth.map(([month, list]) => (
                <Col xs={24} md={12} xl={8} key={month}>
                  <Card size="small" title={new Intl.DateTimeFormat(i18n.language, { month: 'long' }).format(new Date(2000, month, 15))}>
                    <List
                      size="small"
                      dataSource={list}
                      renderItem={(s) => (
                        <List.Item
                          style={{ cursor: 'pointer', paddingInline: 0 }}
                          onClick={() => navigate(`/training/sessions/${s.id}`)}
                          data-testid={`calendar-session-${s.title}`}
                        >
                          <List.Item.Meta
                            title={
                              <Space size={4} wrap>
                                <span>{s.title}</span>
                                <EnrolmentTag status={s.myStatus} />
                              </Space>
                            }
                            description={`${inZone(s.startsAt, timeZone).format('MM-DD HH:mm')} · ${t(`training.topics.${s.topic}`)} · ${t(`training.levels.${s.level}`)} · ${s.enrolled}/${s.capacity}`}
                          />
                        </List.Item>
                      )}
                    />
                  </Card>
                </Col>
              ))}
            </Row>
          )}
        </>
      ) : null}
      {drawer === 'plan' ? <PlanDrawer year={year} onClose={() => setDrawer(null)} /> : null}
      {drawer === 'session' ? <SessionDrawer plans={planList} onClose={() => setDrawer(null)} /> : null}
    </>
  );
}
