import { Suspense, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Result,
  Row,
  Skeleton,
  Steps,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import {
  ArrowLeftOutlined,
  CloseCircleOutlined,
  EditOutlined,
  FileAddOutlined,
  FileTextOutlined,
  RedoOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { backTarget } from './back-target';
import { PIPELINE_PATH, type OpportunityDetail, type OpportunityStage } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText } from '../../components/MoneyText';
import { ActivityFeed } from '../../components/feed/ActivityFeed';
import { LogActivityButton } from '../customers';
import { useIsPhone } from '../../components/useMediaQuery';
import { useOpportunity, useOpportunitySettings, useStageHistory, useUpdateOpportunity } from './api';
import { isClosed, lostReasonLabel, requirementList, STAGE_HEX, StageTag } from './labels';
import { OpportunityDrawer } from './OpportunityDrawer';
import { LostReasonModal, useStageErrorReporter, type LostValues } from './StageDialogs';
import { PinButton } from '../../components/PinButton';
import { productName } from '../../core/i18n';
import { opportunityPanels } from './slots';

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

/** The stage path lead → … → won: where the opportunity is and, per stage, what its gate still misses (OPP-GATE). */
function StagePath({
  opportunity,
  onMove,
  moving,
}: {
  opportunity: OpportunityDetail;
  onMove: (stage: OpportunityStage) => void;
  moving: boolean;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const canMove = opportunity.abilities.move === true;
  const current = opportunity.stage === 'lost' ? -1 : PIPELINE_PATH.indexOf(opportunity.stage as (typeof PIPELINE_PATH)[number]);
  return (
    <div data-testid="stage-path">
      <Steps
        size="small"
        direction={isPhone ? 'vertical' : 'horizontal'}
        current={current}
        status={opportunity.stage === 'won' ? 'finish' : opportunity.stage === 'lost' ? 'error' : 'process'}
        onChange={canMove && !moving ? (index) => onMove(PIPELINE_PATH[index]!) : undefined}
        items={PIPELINE_PATH.map((stage, index) => {
          const missing = opportunity.gates[stage] ?? [];
          const isCurrent = index === current;
          return {
            title: t(`opportunities.stages.${stage}`),
            disabled: !canMove || isCurrent,
            description: isCurrent ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('opportunities.detail.current')}
              </Typography.Text>
            ) : missing.length ? (
              <Tooltip title={requirementList(t, missing)}>
                <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid={`gate-${stage}`}>
                  {t('opportunities.detail.gateMissing', {
                    missing: missing.map((requirement) => t(`opportunities.requirementsShort.${requirement}`)).join(' · '),
                  })}
                </Typography.Text>
              </Tooltip>
            ) : null,
          };
        })}
      />
      {canMove ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
          {t('opportunities.detail.clickToMove')}
        </Typography.Text>
      ) : null}
    </div>
  );
}

function HistoryTimeline({ id }: { id: string }) {
  const { t } = useTranslation();
  const history = useStageHistory(id);
  if (history.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (history.error) return <ErrorAlert error={history.error} onReload={() => void history.refetch()} />;
  return (
    <Timeline
      data-testid="stage-history"
      items={[...history.data].reverse().map((entry) => ({
        color: STAGE_HEX[entry.toStage],
        content: (
          <div>
            <Flex gap={8} wrap align="center">
              <Typography.Text strong>
                {entry.fromStage
                  ? t('opportunities.detail.historyMoved', {
                      from: t(`opportunities.stages.${entry.fromStage}`),
                      to: t(`opportunities.stages.${entry.toStage}`),
                    })
                  : t('opportunities.detail.historyCreated', { stage: t(`opportunities.stages.${entry.toStage}`) })}
              </Typography.Text>
              {isClosed(entry.toStage) && entry.current ? null : (
                <Tag style={{ marginInlineEnd: 0 }} color={entry.current ? 'blue' : undefined}>
                  {entry.current
                    ? t('opportunities.detail.historyNow', { days: entry.days })
                    : t('opportunities.detail.historyDays', { days: entry.days })}
                </Tag>
              )}
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <DateTimeText value={entry.at} />
              {entry.actorName ? ` · ${entry.actorName}` : ''}
            </Typography.Text>
          </div>
        ),
      }))}
    />
  );
}

/** One opportunity: stage path with gate hints, details, products, quotes and the dated stage history. */
export default function OpportunityDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const back = backTarget(useLocation().state);
  const isPhone = useIsPhone();
  const opportunity = useOpportunity(id);
  const settings = useOpportunitySettings();
  const update = useUpdateOpportunity();
  const report = useStageErrorReporter();
  const history = useStageHistory(id);
  const [dialog, setDialog] = useState<'edit' | 'lost' | null>(null);
  const data = opportunity.data;
  // Reopening returns to the stage the deal was in before it closed.
  const lastEntry = history.data?.at(-1);
  const reopenTo: OpportunityStage = lastEntry?.fromStage && !isClosed(lastEntry.fromStage) ? lastEntry.fromStage : 'negotiation';

  if (opportunity.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 5 }} />
      </Card>
    );
  }
  if (!data) {
    if (isApiError(opportunity.error) && (opportunity.error.status === 404 || opportunity.error.status === 403)) {
      return (
        <Result
          status="404"
          title={t('opportunities.detail.notFound')}
          extra={
            <Button type="primary" onClick={() => navigate('/opportunities')}>
              {t('opportunities.detail.back')}
            </Button>
          }
          data-testid="opportunity-not-found"
        />
      );
    }
    return <ErrorAlert error={opportunity.error} onReload={() => void opportunity.refetch()} />;
  }

  const changeStage = (stage: OpportunityStage, lost?: LostValues) => {
    if (stage === 'lost' && !lost) {
      setDialog('lost');
      return;
    }
    // The change settles only once the opportunity lists are refetched, which can take a while; the
    // user may have opened the edit drawer meanwhile (the new stage shows at once). Close only the
    // lost dialog this change came from.
    const closeLost = () => lost && setDialog((current) => (current === 'lost' ? null : current));
    update.mutate(
      { id: data.id, body: { stage, version: data.version, ...(lost ?? {}) } },
      {
        onSuccess: () => {
          closeLost();
          message.success(t('opportunities.detail.moved', { stage: t(`opportunities.stages.${stage}`) }));
        },
        onError: (error) => {
          closeLost();
          report(error);
          if (isApiError(error) && error.code === 'conflict') void opportunity.refetch();
        },
      },
    );
  };

  const canMove = data.abilities.move === true;
  const productsTotal = data.products.reduce((total, line) => total + line.amountCents, 0);
  const quotesHref = `/quotes?opportunityId=${data.id}`;
  const newQuoteHref = `/quotes/new?opportunityId=${data.id}&customerId=${data.customerId}`;

  return (
    <>
      <Link
        to={back.to}
        style={{ display: 'inline-flex', gap: 6, alignItems: 'center', marginBottom: 12, color: 'rgba(0,0,0,0.55)' }}
        data-testid="opportunity-back"
      >
        <ArrowLeftOutlined /> {t(`opportunities.detail.backTo.${back.label}`)}
      </Link>
      <Card
        style={{ marginBottom: 16, borderTop: `3px solid ${STAGE_HEX[data.stage]}` }}
        styles={{ body: { padding: isPhone ? 16 : 20 } }}
        data-testid="opportunity-header"
      >
        <Flex justify="space-between" align="flex-start" gap={12} wrap>
          <div style={{ minWidth: 0 }}>
            <Typography.Title level={4} style={{ margin: 0, wordBreak: 'break-word' }} data-testid="page-title">
              {data.name}
            </Typography.Title>
            <Flex gap={8} wrap align="center" style={{ marginTop: 8, fontSize: 13, color: 'rgba(0,0,0,0.65)' }}>
              <StageTag stage={data.stage} />
              <span>
                {t('opportunities.fields.customer')}
                {t('opportunities.colon')}
                <Link to={`/customers/${data.customerId}`} data-testid="opportunity-customer-link">
                  {data.customerName}
                </Link>
              </span>
              <span>
                {t('opportunities.fields.owner')}
                {t('opportunities.colon')}
                {data.ownerName}
                {data.teamName ? ` · ${data.teamName}` : ''}
              </span>
              <PinButton type="opportunity" id={data.id} />
            </Flex>
          </div>
          {canMove ? (
            <Flex gap={8} wrap data-testid="opportunity-actions">
              {data.abilities.update ? (
                <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="opportunity-edit">
                  {t('opportunities.detail.actions.edit')}
                </Button>
              ) : null}
              {isClosed(data.stage) ? (
                <Button
                  icon={<RedoOutlined />}
                  loading={update.isPending}
                  onClick={() => changeStage(reopenTo)}
                  data-testid="opportunity-reopen"
                >
                  {t('opportunities.detail.actions.reopen')}
                </Button>
              ) : (
                <>
                  <Button
                    type="primary"
                    icon={<TrophyOutlined />}
                    loading={update.isPending}
                    onClick={() => changeStage('won')}
                    data-testid="opportunity-won"
                  >
                    {t('opportunities.detail.actions.won')}
                  </Button>
                  <Button danger icon={<CloseCircleOutlined />} onClick={() => setDialog('lost')} data-testid="opportunity-lost">
                    {t('opportunities.detail.actions.lost')}
                  </Button>
                </>
              )}
            </Flex>
          ) : null}
        </Flex>
        <Row gutter={[16, 12]} style={{ marginTop: 16, paddingTop: 16, borderTop: '1px solid #f0f0f0' }}>
          <Col xs={12} md={5}>
            <Kpi label={t('opportunities.fields.amountShort')} testId="kpi-amount">
              <MoneyText cents={data.amountCents} />
            </Kpi>
          </Col>
          <Col xs={12} md={4}>
            <Kpi label={t('opportunities.fields.probability')} testId="kpi-probability">
              {data.probability}%
            </Kpi>
          </Col>
          <Col xs={12} md={5}>
            <Kpi label={t('opportunities.fields.weighted')}>
              <MoneyText cents={data.weightedCents} />
            </Kpi>
          </Col>
          <Col xs={12} md={5}>
            <Kpi label={t('opportunities.fields.expectedCloseOn')}>{data.expectedCloseOn ?? '—'}</Kpi>
          </Col>
          <Col xs={12} md={5}>
            <Kpi label={t('opportunities.fields.daysInStage')}>{t('opportunities.days', { count: data.daysInStage })}</Kpi>
          </Col>
        </Row>
      </Card>
      {data.stage === 'lost' ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${t('opportunities.detail.lostInfo')}${t('opportunities.colon')}${lostReasonLabel(settings.data, data.lostReason)}`}
          description={data.lostNote ?? undefined}
          data-testid="opportunity-lost-info"
        />
      ) : null}
      {opportunityPanels.values().map(({ key, Component }) => (
        <Suspense key={key} fallback={null}>
          <Component opportunityId={data.id} />
        </Suspense>
      ))}
      <Card title={t('opportunities.detail.path')} style={{ marginBottom: 16 }}>
        <StagePath opportunity={data} moving={update.isPending} onMove={(stage) => changeStage(stage)} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card title={t('opportunities.detail.overview')} style={{ marginBottom: 16 }}>
            <Descriptions column={isPhone ? 1 : 2} size="small" data-testid="opportunity-overview">
              <Descriptions.Item label={t('opportunities.fields.nextStep')} span={isPhone ? 1 : 2}>
                {data.nextStep ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('opportunities.fields.competitors')}>
                {data.competitors.length ? (
                  <Flex gap={4} wrap>
                    {data.competitors.map((name) => (
                      <Tag key={name} style={{ marginInlineEnd: 0 }}>
                        {name}
                      </Tag>
                    ))}
                  </Flex>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('opportunities.fields.source')}>
                {data.source ? t(`opportunities.sources.${data.source}`) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('opportunities.fields.createdAt')}>
                <DateTimeText value={data.createdAt} />
              </Descriptions.Item>
              <Descriptions.Item label={t('opportunities.fields.updatedAt')}>
                <DateTimeText value={data.updatedAt} />
              </Descriptions.Item>
              {data.closedAt ? (
                <Descriptions.Item label={t('opportunities.fields.closedAt')}>
                  <DateTimeText value={data.closedAt} />
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          <Card title={t('opportunities.detail.products')} data-testid="opportunity-products">
            {data.products.length ? (
              <Table
                size="small"
                rowKey="productId"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={data.products}
                columns={[
                  {
                    key: 'product',
                    title: t('opportunities.fields.product'),
                    render: (_, line) => `${line.productCode} · ${productName(line)}`,
                  },
                  {
                    key: 'quantity',
                    title: t('opportunities.fields.quantity'),
                    align: 'right',
                    render: (_, line) => `${line.quantity} ${line.unit}`,
                  },
                  {
                    key: 'amount',
                    title: t('opportunities.fields.amountShort'),
                    align: 'right',
                    render: (_, line) => <MoneyText cents={line.amountCents} />,
                  },
                ]}
                summary={() => (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0} colSpan={2}>
                      {t('opportunities.detail.productsTotal')}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      <MoneyText cents={productsTotal} style={{ fontWeight: 600 }} />
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                )}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('opportunities.detail.noProducts')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('opportunities.detail.quotes')} style={{ marginBottom: 16 }} data-testid="opportunity-quotes">
            <Typography.Paragraph>{t('opportunities.detail.liveQuotes', { count: data.liveQuoteCount })}</Typography.Paragraph>
            <Flex gap={8} wrap>
              <Button icon={<FileTextOutlined />} onClick={() => navigate(quotesHref)} data-testid="opportunity-view-quotes">
                {t('opportunities.detail.viewQuotes')}
              </Button>
              {data.abilities.update && !isClosed(data.stage) ? (
                <Button
                  type="primary"
                  ghost
                  icon={<FileAddOutlined />}
                  onClick={() => navigate(newQuoteHref)}
                  data-testid="opportunity-new-quote"
                >
                  {t('opportunities.detail.newQuote')}
                </Button>
              ) : null}
            </Flex>
          </Card>
          <Card title={t('opportunities.detail.history')}>
            <HistoryTimeline id={data.id} />
          </Card>
        </Col>
      </Row>
      <Card title={t('feed.title')} style={{ marginTop: 16 }} data-testid="opportunity-activity">
        <ActivityFeed
          path={`/opportunities/${data.id}/feed`}
          customerId={data.customerId}
          actions={
            <Suspense fallback={null}>
              <LogActivityButton customerId={data.customerId} opportunityId={data.id} />
            </Suspense>
          }
        />
      </Card>
      {dialog === 'edit' ? <OpportunityDrawer state={{ mode: 'edit', opportunity: data }} onClose={() => setDialog(null)} /> : null}
      {dialog === 'lost' ? (
        <LostReasonModal
          name={data.name}
          saving={update.isPending}
          onClose={() => setDialog(null)}
          onConfirm={(values) => changeStage('lost', values)}
        />
      ) : null}
    </>
  );
}
