import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, RiseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import type { KpiFigure, KpiScore, PerformanceReview } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Chart, type ChartOption } from '../../components/Chart';
import { useMe, useTimeZone } from '../../core/session';
import { formatDateTime } from '../../core/time';
import { UserSelect } from '../org';
import { useAcknowledge, useAppeal, useComparison, useDecideAppeal, useFeedback, useRate, useReview, useSetPeers } from './api';
import { GradeTag } from './labels';

type Review = PerformanceReview;

function useErrorMessage() {
  const { message } = App.useApp();
  return (error: unknown) => void message.error(error instanceof Error ? error.message : String(error));
}

function formatFigure(figure: KpiFigure | undefined, source: KpiScore['source']): string {
  if (!figure || figure.actual === null) return '—';
  const number = figure.actual.toLocaleString(undefined, { maximumFractionDigits: 1 });
  if (source === 'collections' || source === 'bookings' || source === 'attainment') return `¥${number}`;
  if (
    source === 'complaint_rate' ||
    source === 'bad_debt_rate' ||
    source === 'satisfaction' ||
    source === 'training_skills' ||
    source === 'invitation_success'
  )
    return `${number}%`;
  return number;
}

/** On a phone the scores keep the KPI, the figure, the score and the drill-down; weights and raters are on wider screens. */
const PHONE_HIDDEN: 'sm'[] = ['sm'];

function ScoresTable({ review }: { review: Review }) {
  const { t } = useTranslation();
  const figures = new Map(review.figures.map((f) => [f.key, f]));
  return (
    <Table<KpiScore>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={review.scores}
      scroll={{ x: 'max-content' }}
      data-testid="review-scores"
      columns={[
        { title: t('performance.review.kpi'), dataIndex: 'name' },
        {
          title: t('performance.review.weight'),
          dataIndex: 'weight',
          align: 'right',
          render: (w: number) => `${w}%`,
          responsive: PHONE_HIDDEN,
        },
        {
          title: t('performance.review.actual'),
          key: 'actual',
          align: 'right',
          render: (_: unknown, s) => {
            if (s.source === 'rated') return t('performance.sources.rated');
            const figure = figures.get(s.key);
            const goal = figure?.goal;
            const text = formatFigure(figure, s.source);
            return goal !== null && goal !== undefined ? `${text} / ${formatFigure({ ...figure!, actual: goal }, s.source)}` : text;
          },
        },
        {
          title: t('performance.review.score'),
          dataIndex: 'score',
          align: 'right',
          render: (v: number | null, s) => <span data-testid={`score-${s.key}`}>{v === null ? '—' : v.toFixed(1)}</span>,
        },
        {
          title: t('performance.review.weighted'),
          dataIndex: 'weighted',
          align: 'right',
          render: (v: number) => v.toFixed(1),
          responsive: PHONE_HIDDEN,
        },
        {
          title: t('performance.review.raters'),
          key: 'raters',
          responsive: PHONE_HIDDEN,
          render: (_: unknown, s) =>
            s.raters ? (
              <Space size={4} wrap>
                {(['supervisor', 'peer', 'customer'] as const).map((kind) =>
                  s.raters?.[kind] === null || s.raters?.[kind] === undefined ? null : (
                    <Tag key={kind}>
                      {t(`performance.raterKinds.${kind}`)} {s.raters[kind]}
                    </Tag>
                  ),
                )}
              </Space>
            ) : (
              '—'
            ),
        },
        {
          title: t('performance.review.details'),
          key: 'link',
          render: (_: unknown, s) => {
            const link = figures.get(s.key)?.link;
            return link ? <Link to={link}>{t('performance.review.details')}</Link> : '—';
          },
        },
      ]}
    />
  );
}

function Radar({ id }: { id: string }) {
  const { t } = useTranslation();
  const comparison = useComparison(id, true);
  const option = useMemo<ChartOption | null>(() => {
    const data = comparison.data;
    if (!data || data.keys.length < 3) return null;
    const values = (list: (number | null)[]) => list.map((v) => v ?? 0);
    return {
      tooltip: {},
      legend: { bottom: 0 },
      radar: { indicator: data.keys.map((k) => ({ name: k.name, max: 120 })), radius: '60%' },
      series: [
        {
          type: 'radar',
          data: [
            { name: t('performance.review.me'), value: values(data.person) },
            { name: t('performance.review.teamAverage'), value: values(data.teamAverage) },
            { name: t('performance.review.top'), value: values(data.topPerformer) },
          ],
        },
      ],
    };
  }, [comparison.data, t]);
  if (!option) return null;
  return (
    <Card title={t('performance.review.radar')} size="small" data-testid="review-radar">
      <Chart option={option} height={320} ariaLabel={t('performance.review.radar')} />
    </Card>
  );
}

function RatersCard({ review }: { review: Review }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const setPeers = useSetPeers(review.id);
  const fail = useErrorMessage();
  const { message } = App.useApp();
  const peers = review.raters.filter((r) => r.kind === 'peer' && r.raterId).map((r) => ({ id: r.raterId!, name: r.raterName ?? '' }));
  const [adding, setAdding] = useState<string | null>(null);
  const save = (peerIds: string[]) =>
    setPeers.mutate(
      { peerIds, version: review.version },
      { onSuccess: () => void message.success(t('performance.review.peersSaved')), onError: fail },
    );
  return (
    <Card title={t('performance.review.ratersTitle')} size="small" data-testid="review-raters">
      <Space direction="vertical" style={{ width: '100%' }}>
        {review.raters.map((r, index) => (
          <Space key={r.raterId ?? `anonymous-${index}`} wrap>
            <Tag>{t(`performance.raterKinds.${r.kind}`)}</Tag>
            <span>{r.raterName ?? t('performance.review.anonymousPeer')}</span>
            <Typography.Text type="secondary">
              {r.submittedAt
                ? `${t('performance.review.submitted')} ${formatDateTime(r.submittedAt, timeZone)}`
                : t('performance.review.notSubmitted')}
            </Typography.Text>
          </Space>
        ))}
        {review.abilities.choosePeers ? (
          <>
            <Typography.Text strong>{t('performance.review.choosePeers')}</Typography.Text>
            <Space wrap>
              {peers.map((p) => (
                <Tag key={p.id} closable onClose={() => save(peers.filter((x) => x.id !== p.id).map((x) => x.id))}>
                  {p.name}
                </Tag>
              ))}
            </Space>
            <Space wrap>
              <div style={{ minWidth: 220 }}>
                <UserSelect
                  value={adding}
                  onChange={setAdding}
                  excludeIds={[review.personId, ...(review.supervisorId ? [review.supervisorId] : []), ...peers.map((p) => p.id)]}
                  placeholder={t('performance.review.addPeer')}
                  testId="peer-select"
                />
              </div>
              <Button
                type="primary"
                disabled={!adding}
                loading={setPeers.isPending}
                data-testid="peer-add"
                onClick={() => {
                  if (adding) save([...peers.map((p) => p.id), adding]);
                  setAdding(null);
                }}
              >
                {t('performance.review.addPeer')}
              </Button>
            </Space>
          </>
        ) : null}
      </Space>
    </Card>
  );
}

function RatingForm({ review }: { review: Review }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useErrorMessage();
  const rate = useRate(review.id);
  const me = useMe();
  const mine = review.raters.find((r) => r.raterId === me.id);
  const rated = review.scores.filter((s) => s.source === 'rated');
  const [scores, setScores] = useState<Record<string, number | null>>(() =>
    Object.fromEntries(rated.map((s) => [s.key, mine?.scores?.[s.key] ?? null])),
  );
  const [comment, setComment] = useState(mine?.comment ?? '');
  const complete = rated.every((s) => typeof scores[s.key] === 'number');
  return (
    <Card title={t('performance.review.rateTitle')} size="small" data-testid="rating-form">
      <Form layout="vertical">
        {rated.map((s) => (
          <Form.Item key={s.key} label={s.name}>
            <InputNumber
              min={0}
              max={100}
              value={scores[s.key]}
              onChange={(v) => setScores({ ...scores, [s.key]: v })}
              data-testid={`rate-${s.key}`}
              style={{ width: 160 }}
            />
          </Form.Item>
        ))}
        <Form.Item label={t('performance.review.ratingComment')}>
          <Input.TextArea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
        </Form.Item>
        <Button
          type="primary"
          disabled={!complete}
          loading={rate.isPending}
          data-testid="rating-submit"
          onClick={() =>
            rate.mutate(
              { scores: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v ?? 0])), comment: comment || null },
              { onSuccess: () => void message.success(t('performance.review.rated')), onError: fail },
            )
          }
        >
          {t('performance.review.submitRating')}
        </Button>
      </Form>
    </Card>
  );
}

interface ActionDraft {
  action: string;
  ownerId: string | null;
  dueOn: Dayjs | null;
}

function FeedbackCard({ review }: { review: Review }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const { message } = App.useApp();
  const fail = useErrorMessage();
  const save = useFeedback(review.id);
  const acknowledge = useAcknowledge(review.id);
  const [editing, setEditing] = useState(false);
  const [strengths, setStrengths] = useState(review.feedback?.strengths ?? '');
  const [gaps, setGaps] = useState(review.feedback?.gaps ?? '');
  const [actions, setActions] = useState<ActionDraft[]>([]);
  const [comment, setComment] = useState('');
  const showForm = review.abilities.feedback && (editing || !review.feedback);
  return (
    <Card
      title={t('performance.review.feedback')}
      size="small"
      data-testid="review-feedback"
      extra={
        review.abilities.feedback && review.feedback && !editing ? (
          <Button size="small" onClick={() => setEditing(true)}>
            {t('performance.admin.editTemplate')}
          </Button>
        ) : null
      }
    >
      {review.feedback && !showForm ? (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('performance.review.strengths')}>{review.feedback.strengths}</Descriptions.Item>
          <Descriptions.Item label={t('performance.review.gaps')}>{review.feedback.gaps}</Descriptions.Item>
          <Descriptions.Item label={t('performance.review.actions')}>
            <Space direction="vertical">
              {review.actions.map((a) => (
                <span key={a.id}>
                  {a.action} · {a.ownerName} · {a.dueOn}
                </span>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('performance.review.supervisor')}>
            <Typography.Text type="secondary">
              {t('performance.review.feedbackBy', {
                name: review.feedback.recordedByName ?? '—',
                at: formatDateTime(review.feedback.recordedAt, timeZone),
              })}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      {!review.feedback && !showForm ? <Typography.Text type="secondary">{t('performance.review.noFeedback')}</Typography.Text> : null}
      {showForm ? (
        <Form layout="vertical">
          <Form.Item label={t('performance.review.strengths')} required>
            <Input.TextArea rows={2} value={strengths} onChange={(e) => setStrengths(e.target.value)} data-testid="feedback-strengths" />
          </Form.Item>
          <Form.Item label={t('performance.review.gaps')} required>
            <Input.TextArea rows={2} value={gaps} onChange={(e) => setGaps(e.target.value)} data-testid="feedback-gaps" />
          </Form.Item>
          <Typography.Text strong>{t('performance.review.actions')}</Typography.Text>
          {actions.map((a, index) => (
            <Space key={index} wrap style={{ display: 'flex', marginTop: 8 }}>
              <Input
                placeholder={t('performance.review.action')}
                value={a.action}
                onChange={(e) => setActions(actions.map((x, i) => (i === index ? { ...x, action: e.target.value } : x)))}
                data-testid={`action-text-${index}`}
                style={{ width: 240 }}
              />
              <div style={{ minWidth: 200 }}>
                <UserSelect
                  value={a.ownerId}
                  onChange={(ownerId) => setActions(actions.map((x, i) => (i === index ? { ...x, ownerId } : x)))}
                  initialLabel={a.ownerId === review.personId ? review.personName : null}
                  placeholder={t('performance.review.owner')}
                  testId={`action-owner-${index}`}
                />
              </div>
              <DatePicker
                value={a.dueOn}
                onChange={(dueOn) => setActions(actions.map((x, i) => (i === index ? { ...x, dueOn } : x)))}
                placeholder={t('performance.review.due')}
                data-testid={`action-due-${index}`}
              />
            </Space>
          ))}
          <div style={{ marginTop: 8 }}>
            <Button
              size="small"
              onClick={() => setActions([...actions, { action: '', ownerId: review.personId, dueOn: null }])}
              data-testid="action-add"
            >
              {t('performance.review.addAction')}
            </Button>
          </div>
          <Button
            type="primary"
            style={{ marginTop: 12 }}
            loading={save.isPending}
            disabled={!strengths.trim() || !gaps.trim() || actions.some((a) => !a.action.trim() || !a.ownerId || !a.dueOn)}
            data-testid="feedback-save"
            onClick={() =>
              save.mutate(
                {
                  strengths,
                  gaps,
                  actions: actions.map((a) => ({ action: a.action, ownerId: a.ownerId!, dueOn: a.dueOn!.format('YYYY-MM-DD') })),
                  version: review.version,
                },
                {
                  onSuccess: () => {
                    setEditing(false);
                    void message.success(t('performance.review.feedbackSaved'));
                  },
                  onError: fail,
                },
              )
            }
          >
            {t('performance.review.saveFeedback')}
          </Button>
        </Form>
      ) : null}
      <div style={{ marginTop: 12 }}>
        {review.acknowledgedAt ? (
          <Space direction="vertical">
            <Tag color="green" data-testid="acknowledged">
              {t('performance.review.acknowledged', { at: formatDateTime(review.acknowledgedAt, timeZone) })}
            </Tag>
            {review.personComment ? (
              <Typography.Text>{t('performance.review.personComment', { comment: review.personComment })}</Typography.Text>
            ) : null}
          </Space>
        ) : null}
        {review.abilities.acknowledge ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea
              rows={2}
              placeholder={t('performance.review.acknowledgeComment')}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              data-testid="acknowledge-comment"
            />
            <Button
              type="primary"
              loading={acknowledge.isPending}
              data-testid="acknowledge"
              onClick={() => acknowledge.mutate({ comment: comment || null, version: review.version }, { onError: fail })}
            >
              {t('performance.review.acknowledge')}
            </Button>
          </Space>
        ) : null}
      </div>
    </Card>
  );
}

function AppealsCard({ review }: { review: Review }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useErrorMessage();
  const appeal = useAppeal(review.id);
  const decide = useDecideAppeal(review.id);
  const [itemKey, setItemKey] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [decision, setDecision] = useState<'upheld' | 'rejected'>('rejected');
  const [note, setNote] = useState('');
  const [newScore, setNewScore] = useState<number | null>(null);
  const appealed = new Set(review.appeals.map((a) => a.itemKey));
  const names = new Map(review.scores.map((s) => [s.key, s.name]));
  if (review.appeals.length === 0 && !review.abilities.appeal) return null;
  return (
    <Card title={t('performance.review.appeal')} size="small" data-testid="review-appeals">
      <Space direction="vertical" style={{ width: '100%' }}>
        {review.appeals.map((a) => (
          <Card
            key={a.id}
            size="small"
            type="inner"
            title={`${names.get(a.itemKey) ?? a.itemKey} · ${t(`performance.appealStatuses.${a.status}`)}`}
          >
            <Typography.Paragraph>{a.reason}</Typography.Paragraph>
            {a.decisionNote ? (
              <Typography.Text type="secondary">
                {a.deciderName}: {a.decisionNote}
                {a.newScore !== null ? ` → ${a.newScore}` : ''}
              </Typography.Text>
            ) : null}
            {a.status === 'pending' && review.abilities.decide ? (
              <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
                <Typography.Text strong>{t('performance.review.decide')}</Typography.Text>
                <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value as 'upheld' | 'rejected')}>
                  <Radio value="upheld" data-testid="decision-upheld">
                    {t('performance.appealStatuses.upheld')}
                  </Radio>
                  <Radio value="rejected" data-testid="decision-rejected">
                    {t('performance.appealStatuses.rejected')}
                  </Radio>
                </Radio.Group>
                {decision === 'upheld' ? (
                  <InputNumber
                    min={0}
                    max={100}
                    value={newScore}
                    onChange={setNewScore}
                    placeholder={t('performance.review.newScore')}
                    style={{ width: 160 }}
                  />
                ) : null}
                <Input.TextArea
                  rows={2}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder={t('performance.review.decisionNote')}
                />
                <Button
                  type="primary"
                  disabled={!note.trim() || (decision === 'upheld' && newScore === null)}
                  loading={decide.isPending}
                  onClick={() =>
                    decide.mutate(
                      { appealId: a.id, decision, note, newScore: decision === 'upheld' ? newScore : null },
                      { onSuccess: () => void message.success(t('performance.review.decided')), onError: fail },
                    )
                  }
                >
                  {t('performance.review.submitDecision')}
                </Button>
              </Space>
            ) : null}
          </Card>
        ))}
        {review.abilities.appeal && review.scores.some((s) => !appealed.has(s.key)) ? (
          <Form layout="vertical">
            <Typography.Text type="secondary">{t('performance.review.appealTitle')}</Typography.Text>
            <Form.Item label={t('performance.review.appealItem')}>
              <Select
                value={itemKey}
                onChange={setItemKey}
                options={review.scores.filter((s) => !appealed.has(s.key)).map((s) => ({ value: s.key, label: s.name }))}
                data-testid="appeal-item"
                style={{ maxWidth: 280 }}
              />
            </Form.Item>
            <Form.Item label={t('performance.review.appealReason')}>
              <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="appeal-reason" />
            </Form.Item>
            <Button
              disabled={!itemKey || !reason.trim()}
              loading={appeal.isPending}
              data-testid="appeal-submit"
              onClick={() =>
                appeal.mutate(
                  { itemKey: itemKey!, reason },
                  {
                    onSuccess: () => {
                      setItemKey(null);
                      setReason('');
                      void message.success(t('performance.review.appealSent'));
                    },
                    onError: fail,
                  },
                )
              }
            >
              {t('performance.review.submitAppeal')}
            </Button>
          </Form>
        ) : null}
      </Space>
    </Card>
  );
}

/** One review: scores with the figures behind them, the radar, raters, rating form, feedback, acknowledgement, appeals. */
export default function ReviewPage() {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const query = useReview(id);
  const review = query.data;
  const fullView = review ? review.figures.length > 0 || review.total !== null : false;
  return (
    <>
      <PageHeader
        title={
          review ? t('performance.review.title', { name: review.personName, period: `${review.periodFrom} ~ ${review.periodTo}` }) : '…'
        }
        subtitle={review ? `${review.templateName} · ${t(`performance.statuses.${review.status}`)}` : undefined}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)}>
            {t('performance.review.back')}
          </Button>
        }
      />
      <ErrorAlert error={query.error} onReload={() => void query.refetch()} />
      {review ? (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} key={review.version}>
          {fullView ? (
            <Card size="small" data-testid="review-summary">
              <Space size="large" wrap>
                <Space direction="vertical" size={0}>
                  <Typography.Text type="secondary">{t('performance.review.total')}</Typography.Text>
                  <Typography.Title level={3} style={{ margin: 0 }} data-testid="review-total">
                    {review.total === null ? '—' : review.total.toFixed(1)}
                  </Typography.Title>
                </Space>
                <Space direction="vertical" size={0}>
                  <Typography.Text type="secondary">{t('performance.review.grade')}</Typography.Text>
                  <GradeTag grade={review.grade} />
                </Space>
                <Space direction="vertical" size={0}>
                  <Typography.Text type="secondary">{t('performance.review.supervisor')}</Typography.Text>
                  <span>{review.supervisorName ?? '—'}</span>
                </Space>
                {review.recentGrades.length ? (
                  <Space direction="vertical" size={0}>
                    <Typography.Text type="secondary">{t('performance.review.recentGrades')}</Typography.Text>
                    <span>{review.recentGrades.join(' · ')}</span>
                  </Space>
                ) : null}
              </Space>
              <div style={{ marginTop: 8 }}>
                <Typography.Text type="secondary">
                  {review.status === 'closed'
                    ? t('performance.review.frozen')
                    : review.computedAt
                      ? t('performance.review.computedAt', { at: formatDateTime(review.computedAt, timeZone) })
                      : null}
                </Typography.Text>
              </div>
              {review.promotionReady ? (
                <Alert
                  type="success"
                  showIcon
                  icon={<RiseOutlined />}
                  style={{ marginTop: 8 }}
                  message={t('performance.review.promotionReady')}
                />
              ) : null}
            </Card>
          ) : null}
          {fullView ? (
            <Row gutter={[16, 16]}>
              <Col xs={24} xxl={15}>
                <Card title={t('performance.review.scores')} size="small" styles={{ body: { padding: 0 } }}>
                  <ScoresTable review={review} />
                </Card>
              </Col>
              <Col xs={24} xxl={9}>
                <Radar id={review.id} />
              </Col>
            </Row>
          ) : null}
          {review.abilities.rate ? <RatingForm review={review} /> : null}
          <RatersCard review={review} />
          {fullView ? <FeedbackCard review={review} /> : null}
          {fullView ? <AppealsCard review={review} /> : null}
        </Space>
      ) : null}
    </>
  );
}
