import { useEffect, useRef, useState } from 'react';
import { Button, Card, Col, DatePicker, Descriptions, Empty, Flex, Input, List, Row, Select, Space, Tag, Typography } from 'antd';
import { CheckOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { ActionItem, Meeting } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isApiError } from '../../core/api';
import { useTimeZone } from '../../core/session';
import { pickerToIso } from '../customers';
import { useAddActionItem, useMeeting, useReviewActionItem, useSaveMinutes } from './api';
import { ActionItemState } from './labels';

/** Minutes are saved a moment after typing stops, with the version they were read at (409 when someone else saved first). */
function MinutesEditor({ meeting, editable }: { meeting: Meeting; editable: boolean }) {
  const { t } = useTranslation();
  const save = useSaveMinutes(meeting.id);
  const [text, setText] = useState(meeting.minutes);
  const [dirty, setDirty] = useState(false);
  const version = useRef(meeting.version);
  version.current = meeting.version;
  useEffect(() => {
    if (!dirty) return;
    const timer = setTimeout(() => {
      save.mutate({ minutes: text, version: version.current }, { onSuccess: () => setDirty(false) });
    }, 1200);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, dirty]);
  const conflict = isApiError(save.error) && save.error.status === 409;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        value={text}
        readOnly={!editable}
        autoSize={{ minRows: 6, maxRows: 20 }}
        onChange={(e) => {
          setText(e.target.value);
          setDirty(true);
        }}
        placeholder={t('teamwork.meeting.minutesPlaceholder')}
        data-testid="meeting-minutes"
      />
      <Typography.Text type="secondary" data-testid="minutes-status">
        {save.isPending ? t('teamwork.meeting.saving') : dirty ? t('teamwork.meeting.unsaved') : t('teamwork.meeting.saved')}
      </Typography.Text>
      {conflict ? <ErrorAlert error={save.error} onReload={() => window.location.reload()} /> : <ErrorAlert error={save.error} />}
    </Space>
  );
}

function Decisions({ meeting, editable }: { meeting: Meeting; editable: boolean }) {
  const { t } = useTranslation();
  const save = useSaveMinutes(meeting.id);
  const [draft, setDraft] = useState('');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <List
        size="small"
        dataSource={meeting.decisions}
        locale={{ emptyText: t('teamwork.meeting.noDecisions') }}
        renderItem={(d, i) => (
          <List.Item>
            {i + 1}. {d.text}
          </List.Item>
        )}
      />
      {editable ? (
        <Space.Compact style={{ width: '100%' }}>
          <Input
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder={t('teamwork.meeting.decisionPlaceholder')}
            data-testid="decision-input"
          />
          <Button
            icon={<PlusOutlined />}
            disabled={!draft.trim()}
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                { decisions: [...meeting.decisions, { text: draft.trim() }], version: meeting.version },
                { onSuccess: () => setDraft('') },
              )
            }
            data-testid="decision-add"
          >
            {t('teamwork.meeting.addDecision')}
          </Button>
        </Space.Compact>
      ) : null}
      <ErrorAlert error={save.error} />
    </Space>
  );
}

function NewActionItem({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const add = useAddActionItem(meeting.id);
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState<string | undefined>();
  const [due, setDue] = useState<Dayjs | null>(null);
  const people = [{ id: meeting.organiserId, name: meeting.organiserName }, ...meeting.attendees];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Flex gap={8} wrap>
        <Input
          style={{ flex: '2 1 220px' }}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={t('teamwork.items.title')}
          data-testid="item-title"
        />
        <Select
          style={{ flex: '1 1 140px' }}
          value={ownerId}
          onChange={setOwnerId}
          placeholder={t('teamwork.items.owner')}
          options={people.map((p) => ({ value: p.id, label: p.name }))}
          data-testid="item-owner"
        />
        <DatePicker
          style={{ flex: '1 1 140px' }}
          value={due}
          onChange={setDue}
          placeholder={t('teamwork.items.due')}
          data-testid="item-due"
        />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          disabled={!title.trim() || !ownerId || !due}
          loading={add.isPending}
          data-testid="item-add"
          onClick={() =>
            add.mutate(
              { title: title.trim(), ownerId: ownerId!, dueAt: pickerToIso(due!.hour(18).minute(0).second(0), timeZone) },
              {
                onSuccess: () => {
                  setTitle('');
                  setDue(null);
                },
              },
            )
          }
        >
          {t('teamwork.items.add')}
        </Button>
      </Flex>
      <ErrorAlert error={add.error} />
    </Space>
  );
}

function ItemRow({ item, review }: { item: ActionItem; review?: { meetingId: string; editable: boolean } }) {
  const { t } = useTranslation();
  const act = useReviewActionItem(review?.meetingId ?? '');
  const [note, setNote] = useState('');
  const reviewedHere = review && item.reviewedInMeetingId === review.meetingId;
  return (
    <List.Item data-testid={`item-${item.title}`}>
      <Flex vertical gap={4} style={{ width: '100%' }}>
        <Flex justify="space-between" gap={8} wrap>
          <Space wrap>
            <ActionItemState state={item.state} />
            <Typography.Text strong>{item.title}</Typography.Text>
          </Space>
          <Typography.Text type="secondary">
            {item.ownerName} · <DateTimeText value={item.dueAt} dateOnly />
          </Typography.Text>
        </Flex>
        {reviewedHere ? (
          <Typography.Text type="secondary" data-testid="item-reviewed">
            <CheckOutlined /> {t('teamwork.items.reviewed')}
            {item.reviewNote ? t('teamwork.withNote', { note: item.reviewNote }) : ''}
          </Typography.Text>
        ) : review?.editable ? (
          <Flex gap={8} wrap>
            <Input
              size="small"
              style={{ flex: '1 1 200px' }}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder={t('teamwork.items.note')}
            />
            <Button
              size="small"
              loading={act.isPending}
              data-testid="item-review"
              onClick={() => act.mutate({ id: item.id, note, drop: false, version: item.version })}
            >
              {t('teamwork.items.markReviewed')}
            </Button>
            {item.state !== 'done' ? (
              <Button
                size="small"
                danger
                loading={act.isPending}
                onClick={() => act.mutate({ id: item.id, note, drop: true, version: item.version })}
              >
                {t('teamwork.items.drop')}
              </Button>
            ) : null}
          </Flex>
        ) : null}
        <ErrorAlert error={act.error} />
      </Flex>
    </List.Item>
  );
}

/** One meeting (issue 21 item 6): agenda, minutes written live, decisions, action items, and last meeting's items to review. */
export default function MeetingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const meeting = useMeeting(id);
  const save = useSaveMinutes(id);
  if (meeting.error) return <ErrorAlert error={meeting.error} onReload={() => meeting.refetch()} />;
  const m = meeting.data;
  if (!m) return null;
  const editable = Boolean(m.abilities.update);
  return (
    <>
      <PageHeader
        title={m.title}
        subtitle={
          <Space wrap>
            <Tag>{t(`teamwork.kinds.${m.kind}`)}</Tag>
            <DateTimeText value={m.startsAt} />
            {m.heldAt ? <Tag color="success">{t('teamwork.meeting.held')}</Tag> : <Tag>{t('teamwork.meeting.planned')}</Tag>}
          </Space>
        }
        extra={
          editable && !m.heldAt ? (
            <Button loading={save.isPending} onClick={() => save.mutate({ held: true, version: m.version })} data-testid="meeting-held">
              {t('teamwork.meeting.markHeld')}
            </Button>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {m.toReview.length ? (
              <Card size="small" title={t('teamwork.meeting.toReview')} data-testid="to-review">
                <List
                  dataSource={m.toReview}
                  renderItem={(item) => <ItemRow key={item.id} item={item} review={{ meetingId: m.id, editable }} />}
                />
              </Card>
            ) : null}
            <Card size="small" title={t('teamwork.meeting.minutes')}>
              <MinutesEditor meeting={m} editable={editable} />
            </Card>
            <Card size="small" title={t('teamwork.meeting.decisions')}>
              <Decisions meeting={m} editable={editable} />
            </Card>
            <Card size="small" title={t('teamwork.meeting.actionItems')} data-testid="action-items">
              {m.actionItems.length ? (
                <List dataSource={m.actionItems} renderItem={(item) => <ItemRow key={item.id} item={item} />} />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('teamwork.items.none')} />
              )}
              {m.abilities.addActionItem ? <NewActionItem meeting={m} /> : null}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('teamwork.meeting.details')}>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('teamwork.meetings.columns.organiser')}>{m.organiserName}</Descriptions.Item>
                <Descriptions.Item label={t('teamwork.meetings.columns.unit')}>{m.unitName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('teamwork.meeting.previous')}>
                  {m.previousMeetingId ? <Link to={`/teamwork/meetings/${m.previousMeetingId}`}>{t('teamwork.meeting.open')}</Link> : '—'}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title={t('teamwork.meeting.agenda')}>
              <List
                size="small"
                dataSource={m.agenda}
                renderItem={(a, i) => (
                  <List.Item>
                    {i + 1}. {a.key ? t(`teamwork.agenda.${a.key}`) : a.title}
                  </List.Item>
                )}
              />
            </Card>
            <Card size="small" title={t('teamwork.meeting.attendees', { count: m.attendees.length })}>
              <Space wrap>
                {m.attendees.map((a) => (
                  <Tag key={a.id}>{a.name}</Tag>
                ))}
              </Space>
            </Card>
          </Space>
        </Col>
      </Row>
    </>
  );
}
