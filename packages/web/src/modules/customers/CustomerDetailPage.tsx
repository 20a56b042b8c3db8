import { Suspense, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Avatar,
  Button,
  Card,
  Col,
  Dropdown,
  Flex,
  Popconfirm,
  Result,
  Row,
  Skeleton,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type MenuProps,
} from 'antd';
import {
  ArrowLeftOutlined,
  BankOutlined,
  CalendarOutlined,
  CrownOutlined,
  EditOutlined,
  EyeOutlined,
  LockOutlined,
  MailOutlined,
  MergeCellsOutlined,
  MoreOutlined,
  PhoneOutlined,
  PlusOutlined,
  RollbackOutlined,
  UserAddOutlined,
  UserOutlined,
  UserSwitchOutlined,
  WechatOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { Customer } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { useCan, useTimeZone } from '../../core/session';
import { formatDate } from '../../core/time';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { MoneyText } from '../../components/MoneyText';
import { useIsPhone } from '../../components/useMediaQuery';
import { useCustomer, useCustomerSettings, useRevealCustomer, useTasks } from './api';
import { AssignModal, MergeModal, ReleaseModal } from './CustomerActions';
import { ContactsTab } from './ContactsTab';
import { CustomerDrawer } from './CustomerDrawer';
import { HistoryTab } from './HistoryTab';
import { InteractionDrawer } from './InteractionDrawer';
import { QualifyingContact } from './QualifyingContact';
import { CadenceBadge, KindTag, lastCurrentDay, SegmentTag, TIER_HEX } from './labels';
import { ProfileTab } from './ProfileTab';
import { TaskDrawer } from './TaskDrawer';
import { TaskTable } from './TaskTable';
import { TimelineTab } from './TimelineTab';
import { useClaim } from './useClaim';
import { ValueTab } from './ValueTab';
import { customerPanels, customerTabs } from './slots';
import { CustomerActivity } from './CustomerActivity';
import { PinButton } from '../../components/PinButton';
import { useInlineCustomerCells } from './CustomerBulk';

/** The customer's own tabs; later modules' tabs (customerTabs: opportunities, deals …) come between the two. */
const OWN_TABS_BEFORE = ['profile', 'activity', 'contacts', 'timeline', 'tasks'] as const;
const OWN_TABS_AFTER = ['value', 'history'] as const;
type Dialog = 'edit' | 'log' | 'task' | 'release' | 'assign' | 'merge' | null;

interface Action {
  key: Exclude<Dialog, null> | 'claim';
  label: string;
  icon: ReactNode;
  primary?: boolean;
  danger?: boolean;
}

function Kpi({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div style={{ minWidth: 0 }} data-testid={testId}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <div style={{ fontSize: 16, fontWeight: 500, marginTop: 2, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {children}
      </div>
    </div>
  );
}

function CustomerTasks({ customer, onCreate }: { customer: Customer; onCreate: () => void }) {
  const { t } = useTranslation();
  const [page, setPage] = useState({ page: 1, pageSize: 10 });
  const tasks = useTasks({ customerId: customer.id, ...page });
  return (
    <div data-testid="customer-tasks">
      {customer.abilities.update ? (
        <Flex justify="flex-end" style={{ marginBottom: 12 }}>
          <Button icon={<PlusOutlined />} onClick={onCreate} data-testid="customer-task-create">
            {t('customers.tasks.create')}
          </Button>
        </Flex>
      ) : null}
      <TaskTable
        testId="customer-tasks-table"
        data={tasks.data}
        loading={tasks.isFetching}
        error={tasks.error}
        onRetry={() => void tasks.refetch()}
        onPageChange={(next, pageSize) => setPage({ page: next, pageSize })}
        showCustomer={false}
        showOwner
      />
    </div>
  );
}

/** Contact details, masked outside the owner's reporting line (R-SEC-1), with an audited reveal. */
function ContactStrip({
  customer,
  revealed,
  onReveal,
  revealing,
}: {
  customer: Customer;
  revealed: Customer | null;
  onReveal: () => void;
  revealing: boolean;
}) {
  const { t } = useTranslation();
  const shown = revealed ?? customer;
  const items = [
    {
      key: 'phone',
      icon: <PhoneOutlined />,
      value: shown.phone,
      href: revealed || !customer.contactsMasked ? `tel:${shown.phone}` : undefined,
    },
    {
      key: 'email',
      icon: <MailOutlined />,
      value: shown.email,
      href: revealed || !customer.contactsMasked ? `mailto:${shown.email}` : undefined,
    },
    { key: 'wechat', icon: <WechatOutlined />, value: shown.wechat },
  ].filter((item) => item.value);
  return (
    <Flex gap={16} wrap align="center" style={{ fontSize: 13 }} data-testid="customer-contact-strip">
      {items.length === 0 ? <Typography.Text type="secondary">{t('customers.detail.noContact')}</Typography.Text> : null}
      {items.map((item) => (
        <span key={item.key} style={{ whiteSpace: 'nowrap' }} data-testid={`customer-${item.key}`}>
          <span style={{ color: 'rgba(0,0,0,0.45)', marginInlineEnd: 4 }}>{item.icon}</span>
          {item.href ? <a href={item.href}>{item.value}</a> : item.value}
        </span>
      ))}
      {customer.contactsMasked && !revealed ? (
        <Tooltip title={t('customers.detail.maskedHint')}>
          <Tag icon={<LockOutlined />} style={{ marginInlineEnd: 0 }} data-testid="contacts-masked">
            {t('customers.detail.masked')}
          </Tag>
        </Tooltip>
      ) : null}
      {customer.abilities.reveal && !revealed ? (
        <Popconfirm title={t('common.confirmTitle')} description={t('customers.detail.revealConfirm')} onConfirm={onReveal}>
          <Button
            size="small"
            type="link"
            icon={<EyeOutlined />}
            loading={revealing}
            style={{ paddingInline: 0 }}
            data-testid="customer-reveal"
          >
            {t('customers.detail.actions.reveal')}
          </Button>
        </Popconfirm>
      ) : null}
      {revealed ? (
        <Typography.Text type="warning" style={{ fontSize: 12 }}>
          <EyeOutlined /> {t('customers.detail.revealed')}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/** One customer: header with status and actions from its abilities; profile, contacts, timeline, tasks, value, history. */
export default function CustomerDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const timeZone = useTimeZone();
  const can = useCan();
  const [search, setSearch] = useSearchParams();
  const customer = useCustomer(id);
  const customerSettings = useCustomerSettings();
  // Issue 16: tier, status, owner and next follow-up edited in place, as on the list.
  const inlineCells = useInlineCustomerCells(() => void customer.refetch());
  const reveal = useRevealCustomer();
  const claim = useClaim();
  const [revealed, setRevealed] = useState<Customer | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const contributedTabs = customerTabs.values();
  const tabKeys: string[] = [...OWN_TABS_BEFORE, ...contributedTabs.map((contributed) => contributed.key), ...OWN_TABS_AFTER];
  const tab = tabKeys.find((key) => key === search.get('tab')) ?? 'profile';
  const data = customer.data;

  if (customer.isPending) {
    return (
      <Card>
        <Skeleton active avatar paragraph={{ rows: 4 }} />
      </Card>
    );
  }
  if (!data) {
    if (isApiError(customer.error) && (customer.error.status === 404 || customer.error.status === 403)) {
      return (
        <Result
          status="404"
          title={t('customers.detail.notFound')}
          extra={
            <Button type="primary" onClick={() => navigate('/customers')}>
              {t('customers.detail.back')}
            </Button>
          }
          data-testid="customer-not-found"
        />
      );
    }
    return <ErrorAlert error={customer.error} onReload={() => void customer.refetch()} />;
  }

  const abilities = data.abilities;
  const actions = (
    [
      abilities.claim
        ? { key: 'claim' as const, label: t('customers.detail.actions.claim'), icon: <UserAddOutlined />, primary: true }
        : null,
      abilities.logInteraction
        ? { key: 'log' as const, label: t('customers.detail.actions.logInteraction'), icon: <EditOutlined />, primary: true }
        : null,
      abilities.update ? { key: 'task' as const, label: t('customers.detail.actions.newTask'), icon: <CalendarOutlined /> } : null,
      abilities.update ? { key: 'edit' as const, label: t('customers.detail.actions.edit'), icon: <EditOutlined /> } : null,
      abilities.assign ? { key: 'assign' as const, label: t('customers.detail.actions.assign'), icon: <UserSwitchOutlined /> } : null,
      abilities.merge ? { key: 'merge' as const, label: t('customers.detail.actions.merge'), icon: <MergeCellsOutlined /> } : null,
      abilities.release
        ? { key: 'release' as const, label: t('customers.detail.actions.release'), icon: <RollbackOutlined />, danger: true }
        : null,
    ] as (Action | null)[]
  ).filter((action): action is Action => action !== null);
  const inline = isPhone ? 1 : 3;
  const shownActions = actions.filter((action) => !action.danger).slice(0, inline);
  const moreActions = actions.filter((action) => !shownActions.includes(action));

  const run = (key: Action['key']) => {
    if (key === 'claim') claim.run(data, () => void customer.refetch());
    else setDialog(key);
  };
  const doReveal = () =>
    reveal.mutate(data.id, {
      onSuccess: setRevealed,
      onError: (error) => message.error(errorMessage(t, error)),
    });
  const moreItems: MenuProps['items'] = moreActions.map((action) => ({
    key: action.key,
    icon: action.icon,
    danger: action.danger,
    label: <span data-testid={`customer-action-${action.key}`}>{action.label}</span>,
  }));

  return (
    <>
      <Link
        to={data.inPool ? '/customers/pool' : '/customers'}
        style={{ display: 'inline-flex', gap: 6, alignItems: 'center', marginBottom: 12, color: 'rgba(0,0,0,0.55)' }}
      >
        <ArrowLeftOutlined /> {data.inPool ? t('customers.pool.title') : t('customers.detail.back')}
      </Link>
      <Card style={{ marginBottom: 16 }} styles={{ body: { padding: isPhone ? 16 : 20 } }} data-testid="customer-header">
        <Flex gap={16} align="flex-start" wrap={isPhone}>
          <Avatar
            shape="square"
            size={isPhone ? 48 : 64}
            icon={data.kind === 'organization' ? <BankOutlined /> : <UserOutlined />}
            style={{ backgroundColor: TIER_HEX[data.tier], flex: 'none', borderRadius: 12 }}
          />
          <div style={{ flex: 1, minWidth: 0 }}>
            <Flex justify="space-between" align="flex-start" gap={12} wrap>
              <div style={{ minWidth: 0 }}>
                <Typography.Title level={4} style={{ margin: 0, wordBreak: 'break-word' }} data-testid="page-title">
                  {data.name}
                </Typography.Title>
                <Flex gap={6} wrap style={{ marginTop: 8 }}>
                  <KindTag kind={data.kind} />
                  {inlineCells.tier(data)}
                  <Tooltip title={t('customers.detail.statusSince', { date: formatDate(data.statusChangedAt, timeZone) })}>
                    <span>{inlineCells.status(data)}</span>
                  </Tooltip>
                  {data.rfm.segment ? <SegmentTag segment={data.rfm.segment} /> : null}
                  {data.loyaltyLevel ? (
                    <Tag color="gold" icon={<CrownOutlined />} style={{ marginInlineEnd: 0 }}>
                      {data.loyaltyLevel}
                    </Tag>
                  ) : null}
                  <CadenceBadge customer={data} />
                  <QualifyingContact customer={data} types={customerSettings.data?.cadence[data.tier].types} />
                  <PinButton type="customer" id={data.id} />
                </Flex>
              </div>
              {actions.length ? (
                <Flex gap={8} wrap data-testid="customer-actions">
                  {shownActions.map((action) => (
                    <Button
                      key={action.key}
                      type={action.primary ? 'primary' : 'default'}
                      icon={action.icon}
                      loading={action.key === 'claim' && claim.pendingId === data.id}
                      onClick={() => run(action.key)}
                      data-testid={`customer-action-${action.key}`}
                    >
                      {action.label}
                    </Button>
                  ))}
                  {moreItems.length ? (
                    <Dropdown
                      trigger={['click']}
                      placement="bottomRight"
                      menu={{ items: moreItems, onClick: ({ key }) => run(key as Action['key']) }}
                    >
                      <Button icon={<MoreOutlined />} data-testid="customer-action-more" aria-label={t('common.actions.more')}>
                        {isPhone ? null : t('common.actions.more')}
                      </Button>
                    </Dropdown>
                  ) : null}
                </Flex>
              ) : null}
            </Flex>
            <Flex wrap style={{ marginTop: 12, color: 'rgba(0,0,0,0.65)', fontSize: 13, gap: '4px 16px' }}>
              <span data-testid="customer-owner">
                {t('customers.fields.owner')}
                {t('customers.colon')}
                {data.inPool ? <Tag style={{ marginInlineEnd: 0 }}>{t('customers.detail.pool')}</Tag> : inlineCells.owner(data)}
              </span>
              {data.inPool ? null : (
                <span data-testid="customer-next-follow-up">
                  {t('customers.fields.nextFollowUp')}
                  {t('customers.colon')}
                  {inlineCells.nextFollowUp(data)}
                </span>
              )}
              {data.teamName ? (
                <span>
                  {t('customers.fields.team')}
                  {t('customers.colon')}
                  {data.teamName}
                </span>
              ) : null}
              <span>
                {t('customers.fields.source')}
                {t('customers.colon')}
                {t(`customers.sources.${data.source}`)}
              </span>
            </Flex>
            <div style={{ marginTop: 8 }}>
              <ContactStrip customer={data} revealed={revealed} onReveal={doReveal} revealing={reveal.isPending} />
            </div>
          </div>
        </Flex>
        <Row gutter={[16, 12]} style={{ marginTop: 16, paddingTop: 16, borderTop: '1px solid #f0f0f0' }}>
          <Col xs={12} md={6}>
            <Kpi label={t('customers.detail.lastContact')} testId="kpi-last-contact">
              {data.lastContactAt ? (
                <DateTimeText value={data.lastContactAt} dateOnly />
              ) : (
                <Typography.Text type="secondary">{t('customers.detail.never')}</Typography.Text>
              )}
            </Kpi>
          </Col>
          <Col xs={12} md={6}>
            <Kpi label={t('customers.detail.nextDue')}>
              {data.cadence.dueAt ? (
                <span style={{ color: data.cadence.overdue ? '#cf1322' : undefined }}>{lastCurrentDay(data.cadence.dueAt, timeZone)}</span>
              ) : (
                '—'
              )}
            </Kpi>
          </Col>
          <Col xs={12} md={6}>
            <Kpi label={t('customers.detail.monetary')}>
              <MoneyText cents={data.rfm.monetaryCents} />
            </Kpi>
          </Col>
          <Col xs={12} md={6}>
            <Kpi label={t('customers.detail.points')}>{data.pointsBalance.toLocaleString('zh-CN')}</Kpi>
          </Col>
        </Row>
      </Card>
      {customerPanels.values().map(({ key, Component }) => (
        <Suspense key={key} fallback={null}>
          <Component customerId={data.id} />
        </Suspense>
      ))}
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setSearch(key === 'profile' ? {} : { tab: key }, { replace: true })}
          items={[
            ...OWN_TABS_BEFORE.map((key) => ({ key, labelKey: `customers.detail.tabs.${key}` })),
            ...contributedTabs.filter((contributed) => !contributed.permission || can(contributed.permission)),
            ...OWN_TABS_AFTER.map((key) => ({ key, labelKey: `customers.detail.tabs.${key}` })),
          ].map(({ key, labelKey }) => ({
            key,
            label: <span data-testid={`customer-tab-${key}`}>{t(labelKey)}</span>,
          }))}
        />
        {tab === 'profile' ? <ProfileTab customer={data} /> : null}
        {tab === 'contacts' ? <ContactsTab customer={data} /> : null}
        {tab === 'timeline' ? <TimelineTab customer={data} onLog={() => setDialog('log')} /> : null}
        {tab === 'activity' ? <CustomerActivity customer={data} /> : null}
        {tab === 'tasks' ? <CustomerTasks customer={data} onCreate={() => setDialog('task')} /> : null}
        {contributedTabs.map(({ key, permission, Component }) =>
          tab === key && (!permission || can(permission)) ? (
            <Suspense key={key} fallback={<Skeleton active />}>
              <Component customer={data} />
            </Suspense>
          ) : null,
        )}
        {tab === 'value' ? <ValueTab customer={data} /> : null}
        {tab === 'history' ? <HistoryTab customerId={data.id} /> : null}
      </Card>
      {dialog === 'edit' ? <CustomerDrawer state={{ mode: 'edit', customer: data }} onClose={() => setDialog(null)} /> : null}
      {dialog === 'log' ? (
        <InteractionDrawer
          customer={data}
          onClose={() => setDialog(null)}
          onLogged={() => {
            if (tab !== 'timeline') setSearch({ tab: 'timeline' }, { replace: true });
          }}
        />
      ) : null}
      {dialog === 'task' ? <TaskDrawer customer={data} onClose={() => setDialog(null)} /> : null}
      {dialog === 'release' ? (
        <ReleaseModal
          customer={data}
          onClose={() => setDialog(null)}
          onReload={() => void customer.refetch()}
          onDone={() => navigate('/customers')}
        />
      ) : null}
      {dialog === 'assign' ? (
        <AssignModal customer={data} onClose={() => setDialog(null)} onReload={() => void customer.refetch()} />
      ) : null}
      {dialog === 'merge' ? <MergeModal customer={data} onClose={() => setDialog(null)} onReload={() => void customer.refetch()} /> : null}
      {customer.error ? <Alert type="error" title={errorMessage(t, customer.error)} style={{ marginTop: 16 }} /> : null}
    </>
  );
}
