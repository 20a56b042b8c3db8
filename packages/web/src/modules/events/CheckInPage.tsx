import { useCallback, useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Input, List, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CameraOutlined, CloudSyncOutlined, DisconnectOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { CheckInResult } from '@xiaoguan/shared';
import { useTimeZone } from '../../core/session';
import { inZone } from '../../core/time';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCheckInSearch, useEvent } from './api';
import { InvitationStatusTag } from './labels';
import { BoardTiles } from './EventPage';
import { useOfflineCheckIn } from './useOfflineCheckIn';
import { QrScanner } from './QrScanner';

/**
 * The staff check-in page, phone width, one hand: type the check-in code or search by name / last
 * four phone digits, one large button per person. Staff see name, company, masked phone and seat only.
 * Scans with the camera (issue 17 item 1) and keeps working offline: scans queue on the phone and
 * sync when the connection returns (item 2).
 */
export default function CheckInPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const event = useEvent(id);
  const [q, setQ] = useState('');
  const [token, setToken] = useState('');
  const [scanning, setScanning] = useState(false);
  const results = useCheckInSearch(id, q);
  const checkIn = useOfflineCheckIn(id);
  const { last } = checkIn;
  const submit = (body: { token?: string; invitationId?: string }) => {
    setToken('');
    void checkIn.submit(body);
  };
  const submitCode = checkIn.submit;
  const onCode = useCallback((code: string) => void submitCode({ token: code.trim() }), [submitCode]);
  const pending = checkIn.queue.filter((scan) => scan.state === 'pending');
  const refused = checkIn.queue.filter((scan) => scan.state === 'failed');
  const resultText = (result: CheckInResult) =>
    result.checkedIn
      ? t('events.checkIn.done', { name: result.card.name })
      : t('events.checkIn.already', {
          time: result.card.checkedInAt ? inZone(result.card.checkedInAt, timeZone).format('HH:mm') : '',
          by: result.card.checkedInByName ?? '',
        });
  return (
    <div style={{ maxWidth: 520, margin: '0 auto' }}>
      <Link to={`/events/${id}`}>
        <ArrowLeftOutlined /> {event.data?.theme ?? ''}
      </Link>
      <Typography.Title level={4} style={{ margin: '8px 0' }}>
        {t('events.checkIn.title')}
      </Typography.Title>
      {event.data && !event.data.abilities.checkIn ? (
        <Alert type="warning" message={t('events.checkIn.closed')} style={{ marginBottom: 12 }} />
      ) : null}
      {!checkIn.online ? (
        <Alert
          type="warning"
          showIcon
          icon={<DisconnectOutlined />}
          message={t('events.onsite.offline')}
          style={{ marginBottom: 12 }}
          data-testid="check-in-offline"
        />
      ) : null}
      <BoardTiles eventId={id} />
      {pending.length || refused.length ? (
        <Card
          size="small"
          style={{ marginTop: 12 }}
          title={
            <span>
              <CloudSyncOutlined /> {t('events.onsite.pending', { count: pending.length })}
            </span>
          }
          data-testid="check-in-pending"
        >
          <List
            size="small"
            dataSource={[...pending, ...refused]}
            renderItem={(scan) => (
              <List.Item
                extra={
                  scan.state === 'failed' ? (
                    <Button size="small" onClick={() => void checkIn.discard(scan.id)}>
                      {t('events.onsite.dismiss')}
                    </Button>
                  ) : null
                }
              >
                <Flex vertical>
                  <span>
                    <Tag color={scan.state === 'pending' ? 'gold' : 'red'}>
                      {t(scan.state === 'pending' ? 'events.onsite.pendingTag' : 'events.onsite.refusedTag')}
                    </Tag>
                    {inZone(scan.clientAt, timeZone).format('HH:mm:ss')} · {(scan.token ?? scan.invitationId ?? '').slice(0, 8)}…
                  </span>
                  {scan.error ? <Typography.Text type="danger">{scan.error}</Typography.Text> : null}
                </Flex>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      {scanning ? (
        <Card size="small" style={{ marginTop: 12 }}>
          <QrScanner onCode={onCode} onClose={() => setScanning(false)} />
        </Card>
      ) : (
        <Button
          block
          size="large"
          type="primary"
          icon={<CameraOutlined />}
          style={{ marginTop: 12, minHeight: 56 }}
          onClick={() => setScanning(true)}
          data-testid="check-in-camera"
        >
          {t('events.onsite.scanCamera')}
        </Button>
      )}
      <Card size="small" style={{ marginTop: 12 }}>
        <Flex gap={8}>
          <Input
            size="large"
            value={token}
            onChange={(e) => setToken(e.target.value.trim())}
            placeholder={t('events.checkIn.token')}
            onPressEnter={() => token && submit({ token })}
            data-testid="check-in-token"
          />
          <Button
            size="large"
            type="primary"
            disabled={token.length < 8}
            loading={checkIn.busy}
            onClick={() => submit({ token })}
            data-testid="check-in-token-submit"
          >
            {t('events.checkIn.scan')}
          </Button>
        </Flex>
      </Card>
      {checkIn.error ? (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          message={
            checkIn.error.field === 'token'
              ? t(checkIn.error.status === 404 ? 'events.onsite.unknownCode' : 'events.onsite.otherEvent')
              : checkIn.error.message
          }
          data-testid="check-in-error"
        />
      ) : null}
      {last ? (
        <Alert
          style={{ marginTop: 12 }}
          type={last.checkedIn ? 'success' : 'warning'}
          showIcon
          message={resultText(last)}
          description={`${last.card.name}${last.card.company ? ` · ${last.card.company}` : ''} · ${last.card.phone ?? ''}${last.card.seat ? ` · ${last.card.seat}` : ''}`}
          data-testid="check-in-result"
        />
      ) : null}
      <Input.Search
        size="large"
        allowClear
        style={{ marginTop: 12 }}
        placeholder={t('events.checkIn.search')}
        onSearch={(value) => setQ(value.trim())}
        data-testid="check-in-search"
      />
      {results.error ? <ErrorAlert error={results.error} /> : null}
      <Flex vertical gap={8} style={{ marginTop: 12 }}>
        {q && results.data && !results.data.length ? <Empty description={t('events.checkIn.none')} /> : null}
        {(results.data ?? []).map((card) => (
          <Card size="small" key={card.invitationId} data-testid={`check-in-card-${card.name}`}>
            <Flex justify="space-between" align="center" gap={8}>
              <div>
                <Typography.Text strong style={{ fontSize: 17 }}>
                  {card.name}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary">{[card.company, card.phone, card.seat].filter(Boolean).join(' · ')}</Typography.Text>
                </div>
                <InvitationStatusTag status={card.status} />
              </div>
              <Button
                type="primary"
                size="large"
                style={{ minHeight: 48, minWidth: 96 }}
                disabled={card.status === 'attended'}
                loading={checkIn.busy}
                onClick={() => submit({ invitationId: card.invitationId })}
                data-testid="check-in-button"
              >
                {t('events.checkIn.checkIn')}
              </Button>
            </Flex>
          </Card>
        ))}
      </Flex>
    </div>
  );
}
