import { useState } from 'react';
import { App, Button, Card, Checkbox, Empty, Flex, Input, Result, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { CallList, InvitationProfileFilter } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { useTimeZone } from '../../core/session';
import { formatDateTime } from '../../core/time';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCallList, useRecordOutcome } from './api';
import { InvitationStatusTag } from './labels';
import { ProfileFilters } from './ProfileFilters';

type Item = CallList['items'][number];
type Mode = 'declined' | 'questions' | null;

/** One customer on the call list: tap to call, the merged script, then one tap for the outcome (R-EVT-1). */
function CallCard({ item, reasons }: { item: Item; reasons: string[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const timeZone = useTimeZone();
  const record = useRecordOutcome();
  const [mode, setMode] = useState<Mode>(null);
  const [reason, setReason] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [followUp, setFollowUp] = useState(true);
  const send = (outcome: 'accepted' | 'declined' | 'no_answer' | 'questions') =>
    record.mutate(
      {
        id: item.id,
        body: {
          outcome,
          version: item.version,
          reason: outcome === 'declined' ? (reason ?? null) : null,
          note: note.trim() || null,
          followUp: outcome === 'questions' ? followUp : undefined,
        },
      },
      {
        onSuccess: () => {
          message.success(t('events.calls.saved', { outcome: t(`events.outcomes.${outcome}`) }));
          setMode(null);
          setNote('');
        },
        onError: (error) => message.error(error.message),
      },
    );
  const big = { size: 'large' as const, style: { flex: '1 1 45%', minHeight: 48 } };
  return (
    <Card size="small" data-testid={`call-card-${item.customerName}`}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong style={{ fontSize: 17 }}>
          {item.customerName}
        </Typography.Text>
        <InvitationStatusTag status={item.status} />
      </Flex>
      {item.tel ? (
        <Button
          type="primary"
          block
          size="large"
          icon={<PhoneOutlined />}
          href={`tel:${item.tel}`}
          style={{ margin: '8px 0', minHeight: 48 }}
          data-testid="call-tel"
        >
          {t('events.calls.call')} {item.phone}
        </Button>
      ) : (
        <Typography.Paragraph type="secondary">{item.phone ?? '—'}</Typography.Paragraph>
      )}
      {item.retryAt ? <Tag color="orange">{t('events.calls.retryAt', { time: formatDateTime(item.retryAt, timeZone) })}</Tag> : null}
      <Typography.Paragraph
        style={{ background: 'rgba(22,119,255,0.06)', padding: 8, borderRadius: 6, marginTop: 8 }}
        data-testid="call-script"
      >
        <Typography.Text type="secondary">{t('events.calls.script')}：</Typography.Text>
        {item.script}
      </Typography.Paragraph>
      {item.needs ? (
        <Typography.Paragraph>
          <Typography.Text type="secondary">{t('events.calls.needs')}：</Typography.Text>
          {item.needs}
        </Typography.Paragraph>
      ) : null}
      <Typography.Text type="secondary">{t('events.calls.recent')}：</Typography.Text>
      {item.lastInteractions.length ? (
        <ul style={{ margin: '4px 0 8px', paddingInlineStart: 18 }}>
          {item.lastInteractions.map((i) => (
            <li key={i.occurredAt + i.type}>
              {formatDateTime(i.occurredAt, timeZone)} {i.outcome ?? ''}
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Paragraph type="secondary">{t('events.calls.noRecent')}</Typography.Paragraph>
      )}
      {item.abilities.recordOutcome ? (
        <>
          <Flex gap={8} wrap>
            {item.status === 'pending' ? (
              <Button {...big} type="primary" loading={record.isPending} onClick={() => send('accepted')} data-testid="outcome-accepted">
                {t('events.outcomes.accepted')}
              </Button>
            ) : null}
            <Button {...big} danger onClick={() => setMode(mode === 'declined' ? null : 'declined')} data-testid="outcome-declined">
              {t('events.outcomes.declined')}
            </Button>
            <Button {...big} loading={record.isPending} onClick={() => send('no_answer')} data-testid="outcome-no-answer">
              {t('events.outcomes.no_answer')}
            </Button>
            <Button {...big} onClick={() => setMode(mode === 'questions' ? null : 'questions')} data-testid="outcome-questions">
              {t('events.outcomes.questions')}
            </Button>
          </Flex>
          {mode ? (
            <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
              {mode === 'declined' ? (
                <Select
                  size="large"
                  style={{ width: '100%' }}
                  placeholder={t('events.calls.reasonPlaceholder')}
                  value={reason}
                  onChange={setReason}
                  options={reasons.map((r) => ({ value: r, label: r }))}
                  data-testid="decline-reason"
                />
              ) : null}
              <Input.TextArea
                rows={2}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={mode === 'questions' ? t('events.calls.questionsPlaceholder') : t('events.calls.notePlaceholder')}
                data-testid="outcome-note"
              />
              {mode === 'questions' ? (
                <Checkbox checked={followUp} onChange={(e) => setFollowUp(e.target.checked)}>
                  {t('events.calls.followUp')}
                </Checkbox>
              ) : null}
              <Button
                type="primary"
                size="large"
                block
                loading={record.isPending}
                disabled={mode === 'declined' ? !reason : !note.trim()}
                onClick={() => send(mode)}
                data-testid="outcome-save"
              >
                {t('events.calls.save')}
              </Button>
            </Space>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}

/** The caller's call list, phone first: one card per customer, still-to-call first. */
export default function CallListPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const [profile, setProfile] = useState<InvitationProfileFilter>({});
  const list = useCallList(id, profile);
  if (list.isLoading) return <Skeleton active />;
  if (list.error || !list.data) {
    if (isApiError(list.error) && list.error.status === 404) {
      return <Result status="404" title={t('events.detail.notFound')} extra={<Link to="/events">{t('events.detail.back')}</Link>} />;
    }
    return <ErrorAlert error={list.error} />;
  }
  const { event, items, declineReasons } = list.data;
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }}>
      <Link to={`/events/${event.id}`}>
        <ArrowLeftOutlined /> {event.theme}
      </Link>
      <Typography.Title level={4} style={{ margin: '8px 0 4px' }}>
        {t('events.calls.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {formatDateTime(event.startsAt, timeZone)} · {event.venue}
      </Typography.Paragraph>
      <div style={{ marginBottom: 12 }}>
        <ProfileFilters value={profile} onChange={setProfile} testId="call-list-filters" />
      </div>
      {items.length ? (
        <Flex vertical gap={12}>
          {items.map((item) => (
            <CallCard key={item.id} item={item} reasons={declineReasons} />
          ))}
        </Flex>
      ) : (
        <Empty description={t('events.calls.empty')} />
      )}
    </div>
  );
}
