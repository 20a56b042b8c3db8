import { useMemo, useState } from 'react';
import { App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Segmented, Select } from 'antd';
import { BarChartOutlined, CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import type { EventRow } from '@xiaoguan/shared';
import { useCan, useTimeZone } from '../../core/session';
import { PageHeader } from '../../components/PageHeader';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { FormDrawer } from '../../components/FormDrawer';
import { SearchBox } from '../../components/SearchBox';
import { useIsPhone } from '../../components/useMediaQuery';
import { pageOf } from '../../components/listParams';
import { pickerToIso } from '../customers';
import { useCreateEvent, useEventSettings, useEvents, type EventListParams } from './api';
import { EventStatusTag } from './labels';
import { useRememberedWidths } from '../../components/lists/columnWidths';

interface EventForm {
  type: string;
  theme: string;
  period: [Dayjs, Dayjs];
  venue?: string;
  address?: string;
  capacity?: number;
  description?: string;
  targetProfile?: string;
}

/** A new event: type from the settings list, theme, when and where; the rest on the event page. */
function EventDrawer({ onClose }: { onClose: (id?: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const timeZone = useTimeZone();
  const settings = useEventSettings();
  const create = useCreateEvent();
  const [form] = Form.useForm<EventForm>();
  const save = async () => {
    const values = await form.validateFields();
    const [startsAt, endsAt] = values.period.map((d) => pickerToIso(d, timeZone));
    create.mutate(
      {
        type: values.type,
        theme: values.theme,
        startsAt: startsAt!,
        endsAt: endsAt!,
        venue: values.venue || null,
        address: values.address || null,
        capacity: values.capacity ?? null,
        description: values.description || null,
        targetProfile: values.targetProfile || null,
      },
      {
        onSuccess: (event) => {
          message.success(t('events.form.created', { theme: event.theme }));
          onClose(event.id);
        },
        onError: (error) => message.error(error.message),
      },
    );
  };
  return (
    <FormDrawer
      title={t('events.form.title')}
      width={520}
      saving={create.isPending}
      onSave={save}
      onClose={() => onClose()}
      submitTestId="event-save"
    >
      <Form form={form} layout="vertical">
        <Form.Item name="type" label={t('events.fields.type')} rules={[{ required: true }]}>
          <Select options={(settings.data?.eventTypes ?? []).map((type) => ({ value: type, label: type }))} data-testid="event-type" />
        </Form.Item>
        <Form.Item name="theme" label={t('events.fields.theme')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="event-theme" />
        </Form.Item>
        <Form.Item name="period" label={t('events.form.period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            data-testid="event-period"
          />
        </Form.Item>
        <Form.Item name="venue" label={t('events.fields.venue')}>
          <Input />
        </Form.Item>
        <Form.Item name="address" label={t('events.fields.address')}>
          <Input />
        </Form.Item>
        <Form.Item name="capacity" label={t('events.fields.capacity')}>
          <InputNumber min={1} max={100000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="targetProfile" label={t('events.fields.targetProfile')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="description" label={t('events.fields.description')}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

/** Events in the caller's scope: upcoming first by default; filters in the URL. */
export default function EventListPage() {
  const { t } = useTranslation();
  // Issue 16: column widths dragged on the headers, remembered per user.
  const columnWidths = useRememberedWidths('events');
  const can = useCan();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [search, setSearch] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const params: EventListParams = useMemo(() => {
    const when = search.get('when');
    return {
      ...pageOf(search),
      when: when === 'past' ? 'past' : when === 'all' ? undefined : 'upcoming',
      q: search.get('q') ?? undefined,
    };
  }, [search]);
  const events = useEvents(params);
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    next.delete('page');
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    setSearch(next, { replace: true });
  };
  const columns: ColumnsType<EventRow> = [
    { title: t('events.fields.theme'), dataIndex: 'theme', render: (theme: string, row) => (isPhone ? `${theme} · ${row.type}` : theme) },
    ...(isPhone ? [] : [{ title: t('events.fields.type'), dataIndex: 'type' }]),
    { title: t('events.fields.startsAt'), dataIndex: 'startsAt', render: (value: string) => <DateTimeText value={value} /> },
    ...(isPhone ? [] : [{ title: t('events.fields.venue'), dataIndex: 'venue' }]),
    {
      title: t('events.fields.status'),
      dataIndex: 'status',
      render: (_: unknown, row: EventRow) => <EventStatusTag status={row.status} />,
    },
    ...(isPhone
      ? []
      : [
          { title: t('events.fields.invitations'), render: (_: unknown, row: EventRow) => row.counts.invitations, align: 'right' as const },
          { title: t('events.fields.attended'), render: (_: unknown, row: EventRow) => row.counts.attended, align: 'right' as const },
          { title: t('events.fields.organiser'), dataIndex: 'organiserName' },
        ]),
  ];
  return (
    <>
      <PageHeader
        title={t('events.list.title')}
        subtitle={isPhone ? undefined : t('events.list.subtitle')}
        extra={
          <Flex gap={8} wrap>
            <Button icon={<CalendarOutlined />} onClick={() => navigate('/events/calendar')} data-testid="events-calendar-link">
              {t('events.onsite.calendar')}
            </Button>
            {can('events.read') || can('events.invite') ? (
              <Button icon={<BarChartOutlined />} onClick={() => navigate('/events/reports')} data-testid="events-reports-link">
                {t('events.onsite.reports')}
              </Button>
            ) : null}
            {can('events.write') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="event-create">
                {t('events.list.create')}
              </Button>
            ) : null}
          </Flex>
        }
      />
      <Card styles={{ body: { padding: isPhone ? 8 : 12 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Segmented
            value={search.get('when') ?? 'upcoming'}
            onChange={(value) => set({ when: value === 'upcoming' ? undefined : String(value) })}
            options={[
              { value: 'upcoming', label: t('events.list.upcoming') },
              { value: 'past', label: t('events.list.past') },
              { value: 'all', label: t('events.list.all') },
            ]}
            data-testid="events-when"
          />
          <SearchBox
            value={params.q}
            onSearch={(q) => set({ q })}
            placeholder={t('events.list.search')}
            style={{ flex: '1 1 220px', maxWidth: isPhone ? undefined : 280 }}
            testId="events-search"
          />
        </Flex>
        <DataTable
          columnWidths={columnWidths}
          data={events.data}
          loading={events.isFetching}
          error={events.error}
          onRetry={() => void events.refetch()}
          columns={columns}
          rowKey={(row) => row.id}
          rowTestKey={(row) => row.theme}
          testId="events-table"
          onRowClick={(row) => navigate(`/events/${row.id}`)}
          onPageChange={(page, pageSize) => {
            const next = new URLSearchParams(search);
            next.set('page', String(page));
            next.set('pageSize', String(pageSize));
            setSearch(next, { replace: true });
          }}
        />
      </Card>
      {creating ? (
        <EventDrawer
          onClose={(id) => {
            setCreating(false);
            if (id) navigate(`/events/${id}`);
          }}
        />
      ) : null}
    </>
  );
}
