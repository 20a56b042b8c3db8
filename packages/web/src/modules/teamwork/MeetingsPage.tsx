import { useState } from 'react';
import { Button, DatePicker, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { MEETING_KINDS, type MeetingRow } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { FormDrawer } from '../../components/FormDrawer';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SearchBox } from '../../components/SearchBox';
import { useCan, useTimeZone } from '../../core/session';
import { nowPicker, pickerToIso } from '../customers';
import { useCreateMeeting, useMeetings } from './api';

/** Meetings (issue 21 item 6): the archive of minutes, searchable; a supervisor starts the next one from its template. */
export default function MeetingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const timeZone = useTimeZone();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const meetings = useMeetings(q, page);
  const create = useCreateMeeting();
  const [form] = Form.useForm<{ kind: string; title: string; startsAt: Dayjs }>();
  const columns: ColumnsType<MeetingRow> = [
    { title: t('teamwork.meetings.columns.startsAt'), width: 150, render: (_, m) => <DateTimeText value={m.startsAt} /> },
    {
      title: t('teamwork.meetings.columns.title'),
      width: 240,
      render: (_, m) => (
        <Space direction="vertical" size={0}>
          <span>{m.title}</span>
          {m.snippet ? <Typography.Text type="secondary">…{m.snippet}…</Typography.Text> : null}
        </Space>
      ),
    },
    { title: t('teamwork.meetings.columns.kind'), width: 110, render: (_, m) => <Tag>{t(`teamwork.kinds.${m.kind}`)}</Tag> },
    { title: t('teamwork.meetings.columns.organiser'), dataIndex: 'organiserName', width: 110 },
    { title: t('teamwork.meetings.columns.unit'), dataIndex: 'unitName', width: 130 },
    {
      title: t('teamwork.meetings.columns.actions'),
      width: 120,
      render: (_, m) => t('teamwork.meetings.openOf', { open: m.openActionItems, total: m.actionItems }),
    },
    {
      title: t('teamwork.meetings.columns.held'),
      width: 90,
      render: (_, m) => (m.heldAt ? <Tag color="success">{t('teamwork.meeting.held')}</Tag> : <Tag>{t('teamwork.meeting.planned')}</Tag>),
    },
  ];
  const save = async () => {
    const values = await form.validateFields();
    const meeting = await create.mutateAsync({ kind: values.kind, title: values.title, startsAt: pickerToIso(values.startsAt, timeZone) });
    setCreating(false);
    navigate(`/teamwork/meetings/${meeting.id}`);
  };
  return (
    <>
      <PageHeader
        title={t('teamwork.meetings.title')}
        subtitle={<Typography.Text type="secondary">{t('teamwork.meetings.subtitle')}</Typography.Text>}
        extra={
          can('teamwork.write') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="meeting-new"
              onClick={() => {
                form.setFieldsValue({ kind: 'weekly', title: '', startsAt: nowPicker(timeZone) });
                setCreating(true);
              }}
            >
              {t('teamwork.meetings.new')}
            </Button>
          ) : null
        }
      />
      <div style={{ marginBottom: 12, maxWidth: 360 }}>
        <SearchBox
          value={q}
          onSearch={(value) => {
            setQ(value ?? '');
            setPage(1);
          }}
          placeholder={t('teamwork.meetings.search')}
          testId="meeting-search"
        />
      </div>
      <DataTable
        data={meetings.data}
        loading={meetings.isLoading}
        error={meetings.error}
        rowKey={(m) => m.id}
        rowTestKey={(m) => m.title}
        testId="meetings"
        columns={columns}
        onRowClick={(m) => navigate(`/teamwork/meetings/${m.id}`)}
        onPageChange={(next) => setPage(next)}
      />
      {creating ? (
        <FormDrawer
          title={t('teamwork.meetings.new')}
          width={420}
          saving={create.isPending}
          onSave={save}
          onClose={() => setCreating(false)}
          submitTestId="meeting-save"
        >
          <ErrorAlert error={create.error} />
          <Form form={form} layout="vertical">
            <Form.Item name="kind" label={t('teamwork.meetings.columns.kind')} rules={[{ required: true }]}>
              <Select
                options={MEETING_KINDS.filter((k) => k !== 'one_to_one').map((k) => ({ value: k, label: t(`teamwork.kinds.${k}`) }))}
                data-testid="meeting-kind"
              />
            </Form.Item>
            <Form.Item
              name="title"
              label={t('teamwork.meetings.columns.title')}
              rules={[{ required: true, message: t('common.validation.required') }]}
            >
              <Input maxLength={120} data-testid="meeting-title" />
            </Form.Item>
            <Form.Item name="startsAt" label={t('teamwork.meetings.columns.startsAt')} rules={[{ required: true }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="meeting-starts" />
            </Form.Item>
          </Form>
        </FormDrawer>
      ) : null}
    </>
  );
}
