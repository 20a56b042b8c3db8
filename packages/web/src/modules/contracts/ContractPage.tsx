import { Suspense, useState, type ReactNode } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Dropdown,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Row,
  Skeleton,
  Tabs,
  Typography,
  type MenuProps,
} from 'antd';
import {
  ArrowLeftOutlined,
  AuditOutlined,
  CheckCircleOutlined,
  EditOutlined,
  MoreOutlined,
  PlayCircleOutlined,
  RollbackOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { amountInWords, type Contract } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { useCan } from '../../core/session';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { formatCents, MoneyText } from '../../components/MoneyText';
import { useIsPhone } from '../../components/useMediaQuery';
import { useChangeContractStatus, useContract, useSubmitContract, useWithdrawContract } from './api';
import { MergedText } from './BodyEditor';
import { ContractDrawer } from './ContractDrawer';
import { ContractFiles } from './ContractFiles';
import { ContractStatusTag, ShareBar } from './labels';
import { PlanEditor } from './PlanEditor';
import { contractActions, contractSubmitParts, contractTabs, type ContractSubmitExtra, type ContractTab } from './slots';
import { productName } from '../../core/i18n';

function PlanTab({ contract }: { contract: Contract }) {
  return <PlanEditor key={contract.version} contract={contract} />;
}

/** The contract's own tabs; later modules add theirs between these through `contractTabs` (orders, receivables). */
const OWN_TABS_BEFORE: ContractTab[] = [
  { key: 'overview', labelKey: 'contracts.tabs.overview', Component: ContractOverview },
  { key: 'plan', labelKey: 'contracts.tabs.plan', Component: PlanTab },
];
const OWN_TABS_AFTER: ContractTab[] = [{ key: 'files', labelKey: 'contracts.tabs.files', Component: ContractFiles }];

/** Fulfilment (履约): shares of the amount ordered, delivered, accepted and received. */
function Fulfilment({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  const f = contract.fulfilment;
  const bars = [
    { key: 'ordered', percent: f.orderedPercent, cents: f.orderedCents, color: '#1f4fa3' },
    { key: 'delivered', percent: f.deliveredPercent, cents: f.deliveredCents, color: '#13a8a8' },
    { key: 'accepted', percent: f.acceptedPercent, cents: f.acceptedCents, color: '#52c41a' },
    { key: 'received', percent: f.receivedPercent, cents: f.receivedCents + f.writtenOffCents, color: '#d48806' },
  ];
  return (
    <Row gutter={[24, 8]} data-testid="contract-fulfilment">
      {bars.map((bar) => (
        <Col key={bar.key} xs={24} sm={12} lg={6}>
          <Flex justify="space-between" style={{ fontSize: 12 }}>
            <Typography.Text type="secondary">{t(`contracts.fulfilment.${bar.key}`)}</Typography.Text>
            <MoneyText cents={bar.cents} style={{ fontSize: 12 }} />
          </Flex>
          <ShareBar percent={bar.percent} cents={bar.cents} color={bar.color} testId={`fulfilment-${bar.key}`} />
        </Col>
      ))}
    </Row>
  );
}

function ContractOverview({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  return (
    <div data-testid="contract-overview">
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('contracts.fields.customer')}>
          <Link to={`/customers/${contract.customerId}`}>{contract.customerName}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.fields.owner')}>
          {contract.ownerName ?? '—'}
          {contract.teamName ? ` · ${contract.teamName}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.fields.quote')}>
          {contract.quoteId ? <Link to={`/quotes/${contract.quoteId}`}>{contract.quoteNumber}</Link> : t('contracts.overview.byHand')}
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.fields.amount')} span={{ xs: 1, sm: 2, lg: 2 }}>
          <MoneyText cents={contract.amountCents} style={{ fontWeight: 600 }} />
          <Typography.Text type="secondary" style={{ marginInlineStart: 8 }} data-testid="contract-amount-words">
            {`人民币${amountInWords(contract.amountCents)}`}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.fields.signedOn')}>{contract.signedOn ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('contracts.fields.period')}>
          {contract.startsOn || contract.endsOn ? `${contract.startsOn ?? '…'} ~ ${contract.endsOn ?? '…'}` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.fields.received')}>
          <MoneyText cents={contract.receivedCents} />
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.fields.outstanding')}>
          <MoneyText cents={contract.outstandingCents} />
        </Descriptions.Item>
        {contract.terminatedReason ? (
          <Descriptions.Item label={t('contracts.fields.terminatedReason')} span={{ xs: 1, sm: 2, lg: 3 }}>
            {contract.terminatedReason}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {contract.lines.length ? (
        <Card size="small" title={t('contracts.overview.lines')} style={{ marginBottom: 16 }}>
          {contract.lines.map((line) => (
            <Flex
              key={line.productId}
              justify="space-between"
              wrap
              gap={8}
              style={{ padding: '4px 0', borderBottom: '1px dashed #f0f0f0' }}
            >
              <span>{productName(line, line.productId)}</span>
              <Typography.Text type="secondary">
                {t('contracts.overview.lineOrdered', {
                  ordered: line.orderedQuantity,
                  quantity: line.quantity,
                  price: formatCents(line.unitPriceCents),
                })}
              </Typography.Text>
            </Flex>
          ))}
        </Card>
      ) : null}
      <Typography.Title level={5}>{t('contracts.overview.body')}</Typography.Title>
      {contract.mergedBody ? (
        <MergedText text={contract.mergedBody} testId="contract-merged-body" />
      ) : (
        <Typography.Text type="secondary">{t('contracts.overview.noBody')}</Typography.Text>
      )}
    </div>
  );
}

/** Submit for signing: CON-PLAN and R-AR-2 on the server; an approved credit override may be attached. */
function SubmitModal({ contract, onClose }: { contract: Contract; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const submit = useSubmitContract();
  const [extra, setExtra] = useState<ContractSubmitExtra>({ creditOverrideId: null });
  const parts = contractSubmitParts.values();
  const explaining = parts.find((part) => part.explains(submit.error));
  const planCents = contract.installments.reduce((sum, i) => sum + i.amountCents, 0);
  return (
    <Modal
      open
      title={t('contracts.submit.title', { number: contract.number })}
      onCancel={onClose}
      okText={t('contracts.actions.submit')}
      cancelText={t('common.actions.cancel')}
      okButtonProps={{ loading: submit.isPending, 'data-testid': 'contract-submit-confirm' }}
      onOk={() =>
        submit.mutate(
          { id: contract.id, version: contract.version, ...extra },
          {
            onSuccess: (after) => {
              message.success(after.status === 'signed' ? t('contracts.submit.signed') : t('contracts.submit.sent'));
              onClose();
            },
          },
        )
      }
    >
      <Typography.Paragraph>{t('contracts.submit.text')}</Typography.Paragraph>
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('contracts.fields.amount')}>
          <MoneyText cents={contract.amountCents} />
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.plan.total')}>
          <MoneyText cents={planCents} style={planCents !== contract.amountCents ? { color: '#cf1322' } : undefined} />
        </Descriptions.Item>
      </Descriptions>
      <Suspense fallback={null}>
        {parts.map(({ key, Fields }) => (
          <Fields key={key} contract={contract} onChange={(patch) => setExtra((before) => ({ ...before, ...patch }))} />
        ))}
        {explaining ? <explaining.ErrorView error={submit.error} /> : <ErrorAlert error={submit.error} />}
      </Suspense>
    </Modal>
  );
}

function TerminateModal({ contract, onClose }: { contract: Contract; onClose: () => void }) {
  const { t } = useTranslation();
  const change = useChangeContractStatus();
  const [reason, setReason] = useState('');
  return (
    <Modal
      open
      title={t('contracts.terminate.title', { number: contract.number })}
      onCancel={onClose}
      okText={t('contracts.actions.terminate')}
      okButtonProps={{ danger: true, disabled: !reason.trim(), loading: change.isPending, 'data-testid': 'contract-terminate-confirm' }}
      cancelText={t('common.actions.cancel')}
      onOk={() =>
        change.mutate(
          { id: contract.id, body: { version: contract.version, status: 'terminated', reason: reason.trim() } },
          { onSuccess: onClose },
        )
      }
    >
      <ErrorAlert error={change.error} />
      <Form layout="vertical">
        <Form.Item label={t('contracts.fields.terminatedReason')} required>
          <Input.TextArea
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            autoFocus
            data-testid="contract-terminate-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One of the contract's own dialogs, or a contributed action's key. */
type Dialog = 'edit' | 'submit' | 'terminate' | { action: string } | null;

interface Action {
  key: string;
  label: string;
  icon: ReactNode;
  primary?: boolean;
  danger?: boolean;
  confirm?: string;
  run: () => void;
}

/** One contract: header with status and actions from its abilities, fulfilment, and the tabs above. */
export default function ContractPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const contract = useContract(id);
  const withdraw = useWithdrawContract();
  const change = useChangeContractStatus();
  const [dialog, setDialog] = useState<Dialog>(null);
  const tabs = [...OWN_TABS_BEFORE, ...contractTabs.values(), ...OWN_TABS_AFTER].filter((tab) => !tab.permission || can(tab.permission));
  const tab = tabs.find((candidate) => candidate.key === search.get('tab')) ?? tabs[0]!;
  const data = contract.data;

  if (contract.isPending)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  if (!data) {
    if (isApiError(contract.error) && (contract.error.status === 404 || contract.error.status === 403)) {
      return (
        <Result
          status="404"
          title={t('contracts.detail.notFound')}
          extra={
            <Button type="primary" onClick={() => navigate('/contracts')}>
              {t('contracts.detail.back')}
            </Button>
          }
          data-testid="contract-not-found"
        />
      );
    }
    return <ErrorAlert error={contract.error} onReload={() => void contract.refetch()} />;
  }

  const failed = (error: unknown) => message.error(errorMessage(t, error));
  const move = (status: 'executing' | 'completed') =>
    change.mutate({ id: data.id, body: { version: data.version, status } }, { onError: failed });
  const a = data.abilities;
  const actions = (
    [
      a.submit
        ? { key: 'submit', label: t('contracts.actions.submit'), icon: <SendOutlined />, primary: true, run: () => setDialog('submit') }
        : null,
      ...contractActions
        .values()
        .filter((action) => action.visible(data, can))
        .map((action) => ({
          key: action.key,
          label: t(action.labelKey),
          icon: action.icon,
          primary: true,
          run: () => setDialog({ action: action.key }),
        })),
      a.update ? { key: 'edit', label: t('contracts.actions.edit'), icon: <EditOutlined />, run: () => setDialog('edit') } : null,
      a.withdraw
        ? {
            key: 'withdraw',
            label: t('contracts.actions.withdraw'),
            icon: <RollbackOutlined />,
            confirm: t('contracts.actions.withdrawConfirm'),
            run: () => withdraw.mutate({ id: data.id, version: data.version }, { onError: failed }),
          }
        : null,
      a.start
        ? {
            key: 'start',
            label: t('contracts.actions.start'),
            icon: <PlayCircleOutlined />,
            confirm: t('contracts.actions.startConfirm'),
            run: () => move('executing'),
          }
        : null,
      a.complete
        ? {
            key: 'complete',
            label: t('contracts.actions.complete'),
            icon: <CheckCircleOutlined />,
            confirm: t('contracts.actions.completeConfirm'),
            run: () => move('completed'),
          }
        : null,
      a.terminate
        ? {
            key: 'terminate',
            label: t('contracts.actions.terminate'),
            icon: <StopOutlined />,
            danger: true,
            run: () => setDialog('terminate'),
          }
        : null,
    ] as (Action | null)[]
  ).filter((action): action is Action => action !== null);
  const inline = actions.filter((action) => !action.danger).slice(0, isPhone ? 1 : 3);
  const more = actions.filter((action) => !inline.includes(action));
  const button = (action: Action) => {
    const element = (
      <Button
        key={action.key}
        type={action.primary ? 'primary' : 'default'}
        danger={action.danger}
        icon={action.icon}
        onClick={action.confirm ? undefined : action.run}
        loading={(action.key === 'withdraw' && withdraw.isPending) || (['start', 'complete'].includes(action.key) && change.isPending)}
        data-testid={`contract-action-${action.key}`}
      >
        {action.label}
      </Button>
    );
    return action.confirm ? (
      <Popconfirm key={action.key} title={action.confirm} onConfirm={action.run}>
        {element}
      </Popconfirm>
    ) : (
      element
    );
  };
  const moreItems: MenuProps['items'] = more.map((action) => ({
    key: action.key,
    icon: action.icon,
    danger: action.danger,
    label: <span data-testid={`contract-action-${action.key}`}>{action.label}</span>,
  }));

  return (
    <>
      <Link to="/contracts" style={{ display: 'inline-flex', gap: 6, alignItems: 'center', marginBottom: 12, color: 'rgba(0,0,0,0.55)' }}>
        <ArrowLeftOutlined /> {t('contracts.detail.back')}
      </Link>
      <Card style={{ marginBottom: 16 }} styles={{ body: { padding: isPhone ? 16 : 20 } }} data-testid="contract-header">
        <Flex justify="space-between" align="flex-start" gap={12} wrap>
          <div style={{ minWidth: 0 }}>
            <Flex gap={8} align="center" wrap>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
                {data.number}
              </Typography.Title>
              <ContractStatusTag status={data.status} />
            </Flex>
            <Typography.Text style={{ display: 'block', marginTop: 4, wordBreak: 'break-word' }}>{data.title}</Typography.Text>
            <Flex wrap style={{ marginTop: 8, color: 'rgba(0,0,0,0.65)', fontSize: 13, gap: '4px 16px' }}>
              <Link to={`/customers/${data.customerId}`}>{data.customerName}</Link>
              <span>{data.ownerName}</span>
              <MoneyText cents={data.amountCents} style={{ fontWeight: 600, color: 'rgba(0,0,0,0.88)' }} />
              {data.approvalRequestId ? (
                <Link to={`/approvals/${data.approvalRequestId}`} data-testid="contract-approval-link">
                  <AuditOutlined /> {t('contracts.detail.approval')}
                </Link>
              ) : null}
            </Flex>
          </div>
          {actions.length ? (
            <Flex gap={8} wrap data-testid="contract-actions">
              {inline.map(button)}
              {moreItems.length ? (
                <Dropdown
                  trigger={['click']}
                  placement="bottomRight"
                  menu={{
                    items: moreItems,
                    onClick: ({ key }) => {
                      const action = more.find((candidate) => candidate.key === key);
                      if (action?.confirm) Modal.confirm({ title: action.confirm, onOk: action.run });
                      else action?.run();
                    },
                  }}
                >
                  <Button icon={<MoreOutlined />} data-testid="contract-action-more" aria-label={t('common.actions.more')}>
                    {isPhone ? null : t('common.actions.more')}
                  </Button>
                </Dropdown>
              ) : null}
            </Flex>
          ) : null}
        </Flex>
        <div style={{ marginTop: 16, paddingTop: 16, borderTop: '1px solid #f0f0f0' }}>
          <Fulfilment contract={data} />
        </div>
      </Card>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab.key}
          onChange={(key) => setSearch(key === tabs[0]!.key ? {} : { tab: key }, { replace: true })}
          items={tabs.map((item) => ({ key: item.key, label: <span data-testid={`contract-tab-${item.key}`}>{t(item.labelKey)}</span> }))}
        />
        <Suspense fallback={<Skeleton active />}>
          <tab.Component contract={data} />
        </Suspense>
      </Card>
      {dialog === 'edit' ? <ContractDrawer contract={data} onClose={() => setDialog(null)} /> : null}
      {dialog === 'submit' ? <SubmitModal contract={data} onClose={() => setDialog(null)} /> : null}
      {dialog === 'terminate' ? <TerminateModal contract={data} onClose={() => setDialog(null)} /> : null}
      {contractActions.values().map(({ key, Dialog }) =>
        typeof dialog === 'object' && dialog?.action === key ? (
          <Suspense key={key} fallback={null}>
            <Dialog contract={data} onClose={() => setDialog(null)} />
          </Suspense>
        ) : null,
      )}
    </>
  );
}
