import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Dropdown,
  Empty,
  Flex,
  Input,
  Modal,
  Popconfirm,
  Row,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import {
  CheckOutlined,
  CloseOutlined,
  CopyOutlined,
  EditOutlined,
  FilePdfOutlined,
  FileProtectOutlined,
  RollbackOutlined,
  SendOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Quote, QuoteLine } from '@xiaoguan/shared';
import { apiUrl } from '../../core/api';
import { useTimeZone } from '../../core/session';
import { formatDateTime } from '../../core/time';
import { AbilityGate } from '../../components/AbilityGate';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText, formatCents } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useMediaQuery';
import { useCopyQuote, useQuote, useQuoteAction, useQuoteRevisions, type QuoteAction } from './api';
import { AuthorityBanner, QuoteStatusTag } from './AuthorityBanner';
import { productName } from '../../core/i18n';

function Revisions({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const revisions = useQuoteRevisions(quote.id);
  if (revisions.error) return <ErrorAlert error={revisions.error} />;
  if (!revisions.data) return <Skeleton active />;
  return (
    <Timeline
      data-testid="quote-revisions"
      items={revisions.data.map((revision) => ({
        key: revision.revision,
        color: revision.revision === quote.revision ? 'blue' : 'gray',
        title: t('quotes.detail.revisionBy', { actor: revision.actorName ?? '—', at: formatDateTime(revision.createdAt, timeZone) }),
        content: (
          <div>
            <Typography.Text strong>{t('quotes.detail.revision', { revision: revision.revision })}</Typography.Text> ·{' '}
            {t('quotes.fields.total')} {formatCents(revision.totalCents)} · {t('quotes.fields.discount')}{' '}
            {formatCents(revision.discountCents)}
            <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
              {revision.lines.map((line, i) => (
                <li key={i}>
                  {line.productCode} {productName(line)} × {line.quantity} @ {formatCents(line.unitPriceCents)}
                  {line.lineDiscountCents ? ` −${formatCents(line.lineDiscountCents)}` : ''} = {formatCents(line.lineTotalCents)}
                </li>
              ))}
              {revision.totalDiscountCents ? (
                <li>
                  {t('quotes.fields.totalDiscount')} −{formatCents(revision.totalDiscountCents)}
                </li>
              ) : null}
            </ul>
          </div>
        ),
      }))}
    />
  );
}

function LinesTable({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  return (
    <Table<QuoteLine>
      size="small"
      rowKey={(line) => line.id}
      dataSource={quote.lines}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="quote-lines"
      columns={[
        { key: 'no', title: '#', dataIndex: 'lineNo', width: 40 },
        {
          key: 'product',
          title: t('quotes.fields.product'),
          render: (_, line) => (
            <div style={{ minWidth: 180 }}>
              <div>
                <Typography.Text code>{line.productCode}</Typography.Text> {productName(line)}
              </div>
              {line.description ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {line.description}
                </Typography.Text>
              ) : null}
              <Flex gap={4} wrap>
                {line.tierMinQuantity ? <Tag color="blue">{t('quotes.builder.tier', { min: line.tierMinQuantity })}</Tag> : null}
                {line.promotions.map((p) => (
                  <Tag key={p.id} color="cyan">
                    {p.name} −{formatCents(p.discountCents)}
                  </Tag>
                ))}
                {line.belowFloor ? (
                  <Tag color="red">
                    {line.floorUnitCents === null
                      ? t('quotes.builder.belowFloorHidden')
                      : t('quotes.builder.belowFloor', { floor: formatCents(line.floorUnitCents) })}
                  </Tag>
                ) : null}
              </Flex>
            </div>
          ),
        },
        { key: 'qty', title: t('quotes.fields.quantity'), align: 'right', render: (_, line) => `${line.quantity} ${line.unit}` },
        {
          key: 'list',
          title: t('quotes.fields.listPrice'),
          align: 'right',
          responsive: ['md'],
          render: (_, line) => <MoneyText cents={line.listUnitCents} />,
        },
        {
          key: 'unit',
          title: t('quotes.fields.unitPrice'),
          align: 'right',
          render: (_, line) => <MoneyText cents={line.unitPriceCents} />,
        },
        {
          key: 'discount',
          title: t('quotes.fields.lineDiscount'),
          align: 'right',
          render: (_, line) => (line.lineDiscountCents ? <MoneyText cents={-line.lineDiscountCents} /> : '—'),
        },
        { key: 'amount', title: t('quotes.fields.amount'), align: 'right', render: (_, line) => <MoneyText cents={line.lineTotalCents} /> },
      ]}
    />
  );
}

/** One quote: figures, R-QUO-1 verdict and approval, lines, revisions, and what the caller may do next. */
export default function QuoteDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const quote = useQuote(id);
  const action = useQuoteAction();
  const copy = useCopyQuote();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);

  if (quote.error) return <ErrorAlert error={quote.error} onReload={() => void quote.refetch()} />;
  if (!quote.data) return <Skeleton active />;
  const q = quote.data;
  const run = (name: QuoteAction, extra: { reason?: string } = {}) => {
    setError(null);
    action.mutate(
      { id: q.id, action: name, version: q.version, ...extra },
      { onSuccess: (next) => message.success(t(`quotes.statuses.${next.status}`)), onError: setError },
    );
  };
  const busy = (name: QuoteAction) => action.isPending && action.variables?.action === name;
  const pdf = (lang: 'zh-CN' | 'en-US') => apiUrl(`/quotes/${q.id}/pdf`, { lang });

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="quote-number">{q.number}</span>
            <QuoteStatusTag status={q.status} />
          </Space>
        }
        subtitle={q.title}
        extra={
          <>
            <AbilityGate abilities={q.abilities} ability="update">
              <Button icon={<EditOutlined />} onClick={() => navigate(`/quotes/${q.id}/edit`)} data-testid="quote-edit">
                {t('quotes.detail.edit')}
              </Button>
            </AbilityGate>
            <AbilityGate abilities={q.abilities} ability="submit">
              <Popconfirm title={t('quotes.detail.confirmSubmit')} onConfirm={() => run('submit')}>
                <Button
                  type="primary"
                  icon={<UploadOutlined />}
                  loading={busy('submit')}
                  disabled={q.authority.reasons.some((r) => r.code === 'no_policy')}
                  data-testid="quote-submit"
                >
                  {t('quotes.detail.submit')}
                </Button>
              </Popconfirm>
            </AbilityGate>
            <AbilityGate abilities={q.abilities} ability="withdraw">
              <Button icon={<RollbackOutlined />} loading={busy('withdraw')} onClick={() => run('withdraw')} data-testid="quote-withdraw">
                {t('quotes.detail.withdraw')}
              </Button>
            </AbilityGate>
            <AbilityGate abilities={q.abilities} ability="send">
              <Popconfirm title={t('quotes.detail.confirmSend')} onConfirm={() => run('send')}>
                <Button type="primary" icon={<SendOutlined />} loading={busy('send')} data-testid="quote-send">
                  {t('quotes.detail.send')}
                </Button>
              </Popconfirm>
            </AbilityGate>
            <AbilityGate abilities={q.abilities} ability="accept">
              <Popconfirm title={t('quotes.detail.confirmAccept')} onConfirm={() => run('accept')}>
                <Button icon={<CheckOutlined />} loading={busy('accept')} data-testid="quote-accept">
                  {t('quotes.detail.accept')}
                </Button>
              </Popconfirm>
            </AbilityGate>
            <AbilityGate abilities={q.abilities} ability="decline">
              <Button danger icon={<CloseOutlined />} onClick={() => setDeclining(true)} data-testid="quote-decline">
                {t('quotes.detail.decline')}
              </Button>
            </AbilityGate>
            <AbilityGate abilities={q.abilities} ability="contract" permission="contracts.write">
              <Button
                type={q.status === 'accepted' ? 'primary' : 'default'}
                icon={<FileProtectOutlined />}
                onClick={() => navigate(`/contracts/new?quoteId=${q.id}`)}
                data-testid="quote-make-contract"
              >
                {t('quotes.detail.makeContract')}
              </Button>
            </AbilityGate>
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  {
                    key: 'zh',
                    icon: <FilePdfOutlined />,
                    label: (
                      <a href={pdf('zh-CN')} target="_blank" rel="noreferrer" data-testid="quote-pdf-zh">
                        {t('quotes.detail.pdfZh')}
                      </a>
                    ),
                  },
                  {
                    key: 'en',
                    icon: <FilePdfOutlined />,
                    label: (
                      <a href={pdf('en-US')} target="_blank" rel="noreferrer" data-testid="quote-pdf-en">
                        {t('quotes.detail.pdfEn')}
                      </a>
                    ),
                  },
                ],
              }}
            >
              <Button icon={<FilePdfOutlined />} data-testid="quote-pdf">
                PDF
              </Button>
            </Dropdown>
            <AbilityGate abilities={q.abilities} ability="copy">
              <Button
                icon={<CopyOutlined />}
                loading={copy.isPending}
                onClick={() =>
                  copy.mutate(q.id, {
                    onSuccess: (created) => {
                      message.success(t('quotes.detail.copied', { number: created.number }));
                      navigate(`/quotes/${created.id}`);
                    },
                    onError: setError,
                  })
                }
                data-testid="quote-copy"
              >
                {isPhone ? null : t('quotes.detail.copy')}
              </Button>
            </AbilityGate>
          </>
        }
      />
      <ErrorAlert error={error} />
      <Space orientation="vertical" style={{ width: '100%' }} size={12}>
        <AuthorityBanner authority={q.authority} approvedContent={q.approvedContent} />
        <Row gutter={12}>
          <Col xs={24} lg={16}>
            <Card>
              <Descriptions column={{ xs: 1, sm: 2 }} size="small">
                <Descriptions.Item label={t('quotes.fields.customer')}>
                  <Link to={`/customers/${q.customerId}`}>{q.customerName}</Link>
                </Descriptions.Item>
                <Descriptions.Item label={t('quotes.fields.owner')}>{q.ownerName ?? '—'}</Descriptions.Item>
                {q.opportunityId ? (
                  <Descriptions.Item label={t('quotes.fields.opportunity')}>{q.opportunityName ?? '—'}</Descriptions.Item>
                ) : null}
                <Descriptions.Item label={t('quotes.fields.priceList')}>{q.priceListName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('quotes.fields.validUntil')}>{q.validUntil ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('quotes.fields.revision')}>{q.revision}</Descriptions.Item>
                <Descriptions.Item label={t('quotes.fields.createdBy')}>
                  {q.createdByName ?? '—'} · <DateTimeText value={q.createdAt} />
                </Descriptions.Item>
                {q.sentAt ? (
                  <Descriptions.Item label={t('quotes.fields.sentAt')}>
                    <DateTimeText value={q.sentAt} />
                  </Descriptions.Item>
                ) : null}
                {q.copiedFromId ? (
                  <Descriptions.Item label={t('quotes.fields.copiedFrom')}>
                    <Link to={`/quotes/${q.copiedFromId}`}>{q.copiedFromNumber}</Link>
                  </Descriptions.Item>
                ) : null}
                {q.approval ? (
                  <Descriptions.Item label={t('quotes.detail.approval')}>
                    <Space>
                      {t(`quotes.detail.approvalStatus.${q.approval.status}`, { step: q.approval.currentStep ?? '' })}
                      <Link to={`/approvals/${q.approval.requestId}`} data-testid="quote-approval-link">
                        {t('quotes.detail.openApproval')}
                      </Link>
                    </Space>
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            </Card>
          </Col>
          <Col xs={24} lg={8}>
            <Card>
              <Space orientation="vertical" style={{ width: '100%' }} size={4}>
                {(
                  [
                    ['listTotal', q.listTotalCents],
                    ['subtotal', q.subtotalCents],
                    ['totalDiscount', -q.totalDiscountCents],
                  ] as const
                ).map(([key, cents]) => (
                  <Flex key={key} justify="space-between">
                    <Typography.Text type="secondary">{t(`quotes.fields.${key}`)}</Typography.Text>
                    <MoneyText cents={cents} />
                  </Flex>
                ))}
                <Flex justify="space-between" align="baseline">
                  <Typography.Text strong>{t('quotes.fields.total')}</Typography.Text>
                  <Typography.Title level={4} style={{ margin: 0 }} data-testid="quote-detail-total">
                    <MoneyText cents={q.totalCents} />
                  </Typography.Title>
                </Flex>
                <Flex justify="space-between">
                  <Typography.Text type="secondary">{t('quotes.fields.discount')}</Typography.Text>
                  <span>
                    <MoneyText cents={q.discountCents} /> ({(q.discountBp / 100).toFixed(2)}%)
                  </span>
                </Flex>
              </Space>
            </Card>
          </Col>
        </Row>
        <Card styles={{ body: { paddingTop: 4 } }}>
          <Tabs
            items={[
              { key: 'lines', label: t('quotes.detail.tabs.lines'), children: <LinesTable quote={q} /> },
              { key: 'revisions', label: t('quotes.detail.tabs.revisions'), children: <Revisions quote={q} /> },
              {
                key: 'terms',
                label: t('quotes.detail.tabs.terms'),
                children:
                  q.terms || q.notes ? (
                    <Descriptions column={1} size="small">
                      {q.terms ? (
                        <Descriptions.Item label={t('quotes.fields.terms')}>
                          <span style={{ whiteSpace: 'pre-wrap' }}>{q.terms}</span>
                        </Descriptions.Item>
                      ) : null}
                      {q.notes ? (
                        <Descriptions.Item label={t('quotes.fields.notes')}>
                          <span style={{ whiteSpace: 'pre-wrap' }}>{q.notes}</span>
                        </Descriptions.Item>
                      ) : null}
                    </Descriptions>
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                  ),
              },
            ]}
          />
        </Card>
      </Space>
      <Modal
        open={declining}
        title={t('quotes.detail.decline')}
        onCancel={() => setDeclining(false)}
        okButtonProps={{
          danger: true,
          loading: busy('decline'),
          ...({ 'data-testid': 'quote-decline-confirm' } as Record<`data-${string}`, string>),
        }}
        onOk={() => {
          run('decline', { reason: reason.trim() || undefined });
          setDeclining(false);
        }}
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder={t('quotes.detail.declineReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}
