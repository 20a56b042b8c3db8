import { lazy, Suspense, useState, type ReactNode } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Result,
  Row,
  Select,
  Skeleton,
  Statistic,
  Tabs,
  Timeline,
} from 'antd';
import { ArrowLeftOutlined, CopyOutlined, PhoneOutlined, QrcodeOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  AGE_BANDS,
  CUSTOMER_STATUSES,
  SEGMENTS,
  TIERS,
  type EventDetail,
  type Invitation,
  type InvitationProfileFilter,
  type InvitationStatus,
} from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { useTimeZone } from '../../core/session';
import { formatDateTime } from '../../core/time';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useMediaQuery';
import { useBuildPlan, useChangeEventStatus, useCheckInBoard, useCopyEvent, useEvent, useEventMetrics, type InvitationPlan } from './api';
import { useFilteredInvitations } from './api-onsite';

const EventDealsTab = lazy(() => import('./EventDealsTab'));
import { EventStatusTag, InvitationStatusTag, percent } from './labels';
import { eventOpsTabs } from './eventOpsTabs';
import { PrintMenu } from './PrintMenu';

/** The R-EVT-2 tiles: what the invitations came to (the numbers are computed on the server). */
function KpiTiles({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const metrics = useEventMetrics(event.id, event.abilities.metrics === true);
  if (!event.abilities.metrics) return null;
  if (metrics.error) return <ErrorAlert error={metrics.error} />;
  const m = metrics.data;
  const tiles: [string, ReactNode][] = m
    ? [
        ['invitations', m.invitations],
        ['acceptanceRate', percent(m.acceptanceRate)],
        ['confirmationRate', percent(m.confirmationRate)],
        ['attendanceRate', percent(m.attendanceRate)],
        ['noShowRate', percent(m.noShowRate)],
        ['walkIns', m.walkIns],
        ['attendees', m.attendees],
        ['deals', m.deals],
        ['conversionRate', percent(m.conversionRate)],
        ['costPerAttendee', m.costPerAttendeeCents === null ? '—' : <MoneyText cents={m.costPerAttendeeCents} />],
        ['roiBooked', m.roiBooked === null ? '—' : m.roiBooked.toFixed(2)],
        ['roiCollected', m.roiCollected === null ? '—' : m.roiCollected.toFixed(2)],
      ]
    : [];
  return (
    <Row gutter={[12, 12]} data-testid="event-kpis">
      {tiles.map(([key, value]) => (
        <Col key={key} xs={12} sm={8} lg={4}>
          <Card size="small">
            <Statistic title={t(`events.kpi.${key}`)} value={0} formatter={() => value} />
          </Card>
        </Col>
      ))}
      {metrics.isLoading ? <Skeleton active /> : null}
    </Row>
  );
}

/** Builds the invitation list from customers (filters; always within the caller's access on the server). */
function PlanCard({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const build = useBuildPlan(eventId);
  const [form] = Form.useForm<InvitationPlan>();
  const [preview, setPreview] = useState<string | null>(null);
  const run = async (dryRun: boolean) => {
    const values = await form.validateFields();
    build.mutate(
      {
        ...values,
        notInvitedDays: values.notInvitedDays ?? undefined,
        ageBand: values.ageBand ?? undefined,
        gender: values.gender ?? undefined,
        occupation: values.occupation?.trim() || undefined,
        interest: values.interest?.trim() || undefined,
        dryRun,
      },
      {
        onSuccess: (result) => {
          setPreview(t('events.plan.matched', { matched: result.matched, skipped: result.skipped }));
          if (!dryRun) message.success(t('events.plan.created', { created: result.created }));
        },
        onError: (error) => message.error(error.message),
      },
    );
  };
  return (
    <Card size="small" title={t('events.plan.title')} style={{ marginBottom: 12 }}>
      <Form form={form} layout="inline" style={{ rowGap: 8 }}>
        <Form.Item name="tier" label={t('events.plan.tier')}>
          <Select mode="multiple" style={{ minWidth: 120 }} options={TIERS.map((v) => ({ value: v, label: v }))} data-testid="plan-tier" />
        </Form.Item>
        <Form.Item name="segment" label={t('events.plan.segment')}>
          <Select
            mode="multiple"
            style={{ minWidth: 160 }}
            options={SEGMENTS.map((v) => ({ value: v, label: t(`customers.segments.${v}`) }))}
          />
        </Form.Item>
        <Form.Item name="lifecycle" label={t('events.plan.lifecycle')}>
          <Select
            mode="multiple"
            style={{ minWidth: 160 }}
            options={CUSTOMER_STATUSES.map((v) => ({ value: v, label: t(`customers.statuses.${v}`) }))}
          />
        </Form.Item>
        <Form.Item name="notInvitedDays" label={t('events.plan.notInvitedDays')}>
          <InputNumber min={1} max={3650} style={{ width: 90 }} />
        </Form.Item>
        <Form.Item name="attendedBefore" valuePropName="checked">
          <Checkbox>{t('events.plan.attendedBefore')}</Checkbox>
        </Form.Item>
        <Form.Item name="excludeNoShows" valuePropName="checked">
          <Checkbox>{t('events.plan.excludeNoShows')}</Checkbox>
        </Form.Item>
        <Form.Item name="ageBand" label={t('events.onsite.filters.ageBand')}>
          <Select
            allowClear
            style={{ width: 130 }}
            options={AGE_BANDS.map((band) => ({ value: band, label: t(`events.onsite.filters.ageBands.${band}`) }))}
            data-testid="plan-age"
          />
        </Form.Item>
        <Form.Item name="gender" label={t('events.onsite.filters.gender')}>
          <Select
            allowClear
            style={{ width: 100 }}
            options={(['female', 'male', 'other'] as const).map((g) => ({ value: g, label: t(`events.onsite.filters.genders.${g}`) }))}
            data-testid="plan-gender"
          />
        </Form.Item>
        <Form.Item name="occupation" label={t('events.onsite.filters.occupation')}>
          <Input allowClear style={{ width: 130 }} maxLength={50} data-testid="plan-occupation" />
        </Form.Item>
        <Form.Item name="interest" label={t('events.onsite.filters.interest')}>
          <Input allowClear style={{ width: 130 }} maxLength={50} data-testid="plan-interest" />
        </Form.Item>
        <Flex gap={8}>
          <Button onClick={() => run(true)} loading={build.isPending} data-testid="plan-preview">
            {t('events.plan.preview')}
          </Button>
          <Button type="primary" onClick={() => run(false)} loading={build.isPending} data-testid="plan-build">
            {t('events.plan.build')}
          </Button>
        </Flex>
      </Form>
      {preview ? (
        <div style={{ marginTop: 8 }} data-testid="plan-preview-result">
          {preview}
        </div>
      ) : null}
    </Card>
  );
}

function InvitationsTab({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [status, setStatus] = useState<InvitationStatus | undefined>();
  const [profile, setProfile] = useState<InvitationProfileFilter>({});
  const invitations = useFilteredInvitations(event.id, status, profile);
  const setFilter = (patch: InvitationProfileFilter) => setProfile((current) => ({ ...current, ...patch }));
  const columns: ColumnsType<Invitation> = [
    { title: t('events.fields.customer'), dataIndex: 'customerName' },
    ...(isPhone
      ? []
      : [
          { title: t('events.fields.phone'), dataIndex: 'phone' },
          { title: t('events.fields.caller'), dataIndex: 'callerName' },
        ]),
    { title: t('events.fields.status'), render: (_: unknown, row: Invitation) => <InvitationStatusTag status={row.status} /> },
    ...(isPhone
      ? []
      : [
          {
            title: t('events.fields.outcome'),
            render: (_: unknown, row: Invitation) => (row.lastOutcome ? t(`events.outcomes.${row.lastOutcome}`) : ''),
          },
          { title: t('events.fields.reason'), dataIndex: 'declineReason' },
          { title: t('events.fields.checkedInAt'), render: (_: unknown, row: Invitation) => <DateTimeText value={row.checkedInAt} /> },
        ]),
    {
      title: '',
      render: (_: unknown, row: Invitation) => (
        <Link to={`/invitations/${row.id}/badge`} onClick={(click) => click.stopPropagation()} data-testid="invitation-badge-link">
          <QrcodeOutlined /> {isPhone ? '' : t('events.onsite.badge')}
        </Link>
      ),
    },
  ];
  return (
    <>
      {event.abilities.invite ? <PlanCard eventId={event.id} /> : null}
      <Flex gap={8} wrap style={{ marginBottom: 8 }}>
        <Select
          allowClear
          placeholder={t('events.fields.status')}
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={(['pending', 'accepted', 'confirmed', 'attended', 'no_show', 'declined', 'cancelled'] as const).map((s) => ({
            value: s,
            label: t(`events.invitationStatuses.${s}`),
          }))}
          data-testid="invitations-status"
        />
        <Select
          allowClear
          placeholder={t('events.onsite.filters.ageBand')}
          style={{ width: 130 }}
          value={profile.ageBand}
          onChange={(ageBand) => setFilter({ ageBand })}
          options={AGE_BANDS.map((band) => ({ value: band, label: t(`events.onsite.filters.ageBands.${band}`) }))}
          data-testid="invitations-age"
        />
        <Select
          allowClear
          placeholder={t('events.onsite.filters.gender')}
          style={{ width: 110 }}
          value={profile.gender}
          onChange={(gender) => setFilter({ gender })}
          options={(['female', 'male', 'other'] as const).map((g) => ({ value: g, label: t(`events.onsite.filters.genders.${g}`) }))}
          data-testid="invitations-gender"
        />
        <Input.Search
          allowClear
          placeholder={t('events.onsite.filters.occupation')}
          style={{ width: 150 }}
          onSearch={(value) => setFilter({ occupation: value.trim() || undefined })}
          data-testid="invitations-occupation"
        />
        <Input.Search
          allowClear
          placeholder={t('events.onsite.filters.interest')}
          style={{ width: 150 }}
          onSearch={(value) => setFilter({ interest: value.trim() || undefined })}
          data-testid="invitations-interest"
        />
      </Flex>
      <DataTable
        data={invitations.data}
        loading={invitations.isFetching}
        error={invitations.error}
        columns={columns}
        rowKey={(row) => row.id}
        rowTestKey={(row) => row.customerName}
        testId="invitations-table"
      />
    </>
  );
}

export function BoardTiles({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const board = useCheckInBoard(eventId);
  if (board.error) return <ErrorAlert error={board.error} />;
  const b = board.data;
  return (
    <Row gutter={[12, 12]} data-testid="check-in-board">
      {(['invited', 'confirmed', 'arrived', 'walkIns', 'seatsLeft'] as const).map((key) => (
        <Col key={key} xs={12} sm={8} lg={4}>
          <Card size="small">
            <Statistic title={t(`events.checkIn.board.${key}`)} value={b ? (b[key] ?? '—') : '…'} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** One event: status and its next moves, KPI tiles, agenda and speakers, invitations, check-in board. */
export default function EventPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const timeZone = useTimeZone();
  const isPhone = useIsPhone();
  const event = useEvent(id);
  const change = useChangeEventStatus();
  const copy = useCopyEvent();
  // The open tab is in the address (?tab=budget), so links from approvals and notifications land on it.
  const [search, setSearch] = useSearchParams();
  if (event.isLoading) return <Skeleton active />;
  if (event.error || !event.data) {
    if (isApiError(event.error) && event.error.status === 404) {
      return <Result status="404" title={t('events.detail.notFound')} extra={<Link to="/events">{t('events.detail.back')}</Link>} />;
    }
    return <ErrorAlert error={event.error} />;
  }
  const e = event.data;
  const copyNextWeek = () => {
    const week = 7 * 86_400_000;
    copy.mutate(
      {
        id: e.id,
        startsAt: new Date(Date.parse(e.startsAt) + week).toISOString(),
        endsAt: new Date(Date.parse(e.endsAt) + week).toISOString(),
      },
      {
        onSuccess: (created) => {
          message.success(t('events.detail.copied'));
          navigate(`/events/${created.id}`);
        },
        onError: (error) => message.error(error.message),
      },
    );
  };
  return (
    <>
      <Link to="/events">
        <ArrowLeftOutlined /> {t('events.detail.back')}
      </Link>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            {e.theme} <EventStatusTag status={e.status} />
          </Flex>
        }
        subtitle={`${e.type} · ${formatDateTime(e.startsAt, timeZone)} · ${e.venue ?? ''}`}
        extra={
          <Flex gap={8} wrap>
            <Button icon={<PhoneOutlined />} onClick={() => navigate(`/events/${e.id}/calls`)} data-testid="event-call-list">
              {t('events.detail.callList')}
            </Button>
            {e.abilities.checkIn ? (
              <Button icon={<QrcodeOutlined />} onClick={() => navigate(`/events/${e.id}/check-in`)} data-testid="event-check-in">
                {t('events.detail.checkIn')}
              </Button>
            ) : null}
            {e.abilities.invite || e.abilities.checkIn ? <PrintMenu eventId={e.id} badges={e.abilities.invite} /> : null}
            {e.nextStatuses.map((status) => (
              <Button
                key={status}
                danger={status === 'cancelled'}
                type={status === 'cancelled' ? 'default' : 'primary'}
                loading={change.isPending}
                onClick={() =>
                  change.mutate(
                    { id: e.id, status, version: e.version },
                    {
                      onSuccess: () => message.success(t('events.detail.moved', { status: t(`events.statuses.${status}`) })),
                      onError: (error) => message.error(error.message),
                    },
                  )
                }
                data-testid={`event-move-${status}`}
              >
                {t('events.detail.moveTo', { status: t(`events.statuses.${status}`) })}
              </Button>
            ))}
            {e.abilities.copy ? (
              <Button icon={<CopyOutlined />} loading={copy.isPending} onClick={copyNextWeek} data-testid="event-copy">
                {t('events.detail.copy')}
              </Button>
            ) : null}
          </Flex>
        }
      />
      <Tabs
        activeKey={search.get('tab') ?? 'overview'}
        onChange={(key) => setSearch(key === 'overview' ? {} : { tab: key }, { replace: true })}
        items={[
          {
            key: 'overview',
            label: t('events.detail.tabs.overview'),
            children: (
              <Flex vertical gap={12}>
                <KpiTiles event={e} />
                <Card size="small">
                  <Descriptions column={isPhone ? 1 : 2} size="small">
                    <Descriptions.Item label={t('events.fields.type')}>{e.type}</Descriptions.Item>
                    <Descriptions.Item label={t('events.fields.organiser')}>{e.organiserName}</Descriptions.Item>
                    <Descriptions.Item label={t('events.fields.startsAt')}>
                      <DateTimeText value={e.startsAt} />
                    </Descriptions.Item>
                    <Descriptions.Item label={t('events.fields.endsAt')}>
                      <DateTimeText value={e.endsAt} />
                    </Descriptions.Item>
                    <Descriptions.Item label={t('events.fields.venue')}>{e.venue}</Descriptions.Item>
                    <Descriptions.Item label={t('events.fields.address')}>{e.address}</Descriptions.Item>
                    <Descriptions.Item label={t('events.fields.capacity')}>{e.capacity}</Descriptions.Item>
                    <Descriptions.Item label={t('events.fields.targetProfile')}>{e.targetProfile}</Descriptions.Item>
                    <Descriptions.Item label={t('events.fields.description')} span={isPhone ? 1 : 2}>
                      {e.description}
                    </Descriptions.Item>
                  </Descriptions>
                </Card>
                <Card size="small" title={t('events.detail.history')}>
                  <Timeline
                    items={e.history.map((h) => ({
                      children: `${formatDateTime(h.at, timeZone)} · ${t(`events.statuses.${h.toStatus}`)} · ${h.actorName ?? ''}`,
                    }))}
                  />
                </Card>
              </Flex>
            ),
          },
          {
            key: 'agenda',
            label: t('events.detail.tabs.agenda'),
            children: (
              <Row gutter={[12, 12]}>
                <Col xs={24} lg={14}>
                  <Card size="small" title={t('events.detail.tabs.agenda')}>
                    {e.agenda.length ? (
                      <Timeline
                        items={e.agenda.map((item) => ({
                          children: `${item.time}  ${item.title}${item.speaker ? ` · ${item.speaker}` : ''}`,
                        }))}
                      />
                    ) : (
                      <Empty description={t('events.detail.agendaEmpty')} />
                    )}
                  </Card>
                </Col>
                <Col xs={24} lg={10}>
                  <Card size="small">
                    <List
                      dataSource={e.speakers}
                      locale={{ emptyText: t('events.detail.speakersEmpty') }}
                      renderItem={(speaker) => (
                        <List.Item>
                          <List.Item.Meta
                            title={`${speaker.name}${speaker.userId ? '' : ` · ${t('events.detail.guest')}`}`}
                            description={speaker.bio}
                          />
                        </List.Item>
                      )}
                    />
                  </Card>
                </Col>
              </Row>
            ),
          },
          { key: 'invitations', label: t('events.detail.tabs.invitations'), children: <InvitationsTab event={e} /> },
          { key: 'board', label: t('events.detail.tabs.board'), children: <BoardTiles eventId={e.id} /> },
          ...(e.abilities.metrics
            ? [
                {
                  key: 'deals',
                  label: t('events.onsite.tab'),
                  children: (
                    <Suspense fallback={<Skeleton active />}>
                      <EventDealsTab event={e} />
                    </Suspense>
                  ),
                },
              ]
            : []),
          ...eventOpsTabs(e, t),
        ]}
      />
    </>
  );
}
