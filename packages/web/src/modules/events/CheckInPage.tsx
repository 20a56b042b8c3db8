import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Input, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { CheckInResult } from '@xiaoguan/shared';
import { useTimeZone } from '../../core/session';
import { inZone } from '../../core/time';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCheckIn, useCheckInSearch, useEvent } from './api';
import { InvitationStatusTag } from './labels';
import { BoardTiles } from './EventPage';

/**
 * The staff check-in page, phone width, one hand: type the check-in code or search by name / last
 * four phone digits, one large button per person. Staff see name, company, masked phone and seat only.
 */
export default function CheckInPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const timeZone = useTimeZone();
  const event = useEvent(id);
  const [q, setQ] = useState('');
  const [token, setToken] = useState('');
  const [last, setLast] = useState<CheckInResult | null>(null);
  const results = useCheckInSearch(id, q);
  const checkIn = useCheckIn(id);
  const submit = (body: { token?: string; invitationId?: string }) =>
    checkIn.mutate(body, {
      onSuccess: (result) => {
        setLast(result);
        setToken('');
      },
      onError: (error) => message.error(error.message),
    });
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
      <BoardTiles eventId={id} />
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
            loading={checkIn.isPending}
            onClick={() => submit({ token })}
            data-testid="check-in-token-submit"
          >
            {t('events.checkIn.scan')}
          </Button>
        </Flex>
      </Card>
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
                loading={checkIn.isPending}
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
