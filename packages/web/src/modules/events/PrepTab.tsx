import { App, Button, Card, Checkbox, DatePicker, Empty, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { PREP_DEPARTMENTS, type PrepTask } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAddPrepTask, useDeletePrepTask, useGeneratePrep, usePrepList, useUpdatePrepTask } from './api-ops';

/** The preparation checklist (001 会议筹备): by department, owner and due date; overdue items flagged. */
export default function PrepTab({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = usePrepList(eventId);
  const generate = useGeneratePrep(eventId);
  const add = useAddPrepTask(eventId);
  const update = useUpdatePrepTask();
  const remove = useDeletePrepTask();
  const [form] = Form.useForm();
  if (list.error) return isApiError(list.error) && list.error.status === 403 ? null : <ErrorAlert error={list.error} />;
  const p = list.data;
  if (!p) return null;
  const onError = (error: Error) => message.error(error.message);

  return (
    <Card
      size="small"
      data-testid="event-prep"
      title={
        <Flex gap={8} align="center" wrap>
          <span>{t('events.ops.prep.title')}</span>
          <Typography.Text type={p.overdue ? 'danger' : 'secondary'} style={{ fontWeight: 'normal' }}>
            {t('events.ops.prep.summary', { done: p.done, total: p.items.length, overdue: p.overdue })}
          </Typography.Text>
        </Flex>
      }
      extra={
        p.canEdit && p.items.length === 0 ? (
          <Button
            type="primary"
            loading={generate.isPending}
            onClick={() => generate.mutate(undefined, { onError })}
            data-testid="prep-generate"
          >
            {t('events.ops.prep.generate')}
          </Button>
        ) : null
      }
    >
      {p.items.length === 0 ? (
        <Empty description={t('events.ops.prep.empty')} />
      ) : (
        <Table<PrepTask>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 560 }}
          dataSource={p.items}
          rowClassName={(task) => (task.overdue ? 'prep-overdue' : '')}
          columns={[
            {
              title: t('events.ops.prep.done'),
              width: 60,
              render: (_, task) => (
                <Checkbox
                  checked={Boolean(task.doneAt)}
                  disabled={!p.canEdit}
                  aria-label={task.title}
                  onChange={(e) => update.mutate({ id: task.id, body: { version: task.version, done: e.target.checked } }, { onError })}
                />
              ),
            },
            {
              title: t('events.ops.prep.department'),
              width: 100,
              render: (_, task) => t(`events.ops.prep.departments.${task.department}`),
            },
            {
              title: t('events.ops.prep.task'),
              render: (_, task) => (
                <Typography.Text delete={Boolean(task.doneAt)}>
                  {task.title} {task.overdue ? <Tag color="red">{t('events.ops.prep.overdue')}</Tag> : null}
                </Typography.Text>
              ),
            },
            { title: t('events.ops.prep.owner'), dataIndex: 'ownerName', width: 100 },
            { title: t('events.ops.prep.due'), width: 150, render: (_, task) => <DateTimeText value={task.dueAt} /> },
            ...(p.canEdit
              ? [
                  {
                    title: '',
                    width: 48,
                    render: (_: unknown, task: PrepTask) => (
                      <Button
                        size="small"
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label={t('events.ops.prep.remove')}
                        onClick={() => remove.mutate({ id: task.id, version: task.version }, { onError })}
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {p.canEdit ? (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          initialValues={{ department: 'sales', dueAt: dayjs().add(1, 'day') }}
          onFinish={(values: { department: PrepTask['department']; title: string; dueAt: dayjs.Dayjs }) =>
            add.mutate(
              { department: values.department, title: values.title, dueAt: values.dueAt.toISOString() },
              { onSuccess: () => form.resetFields(['title']), onError },
            )
          }
        >
          <Form.Item name="department">
            <Select
              style={{ width: 120 }}
              options={PREP_DEPARTMENTS.map((d) => ({ value: d, label: t(`events.ops.prep.departments.${d}`) }))}
            />
          </Form.Item>
          <Form.Item name="title" rules={[{ required: true }]}>
            <Input placeholder={t('events.ops.prep.task')} maxLength={200} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="dueAt" rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Button htmlType="submit" loading={add.isPending}>
            {t('events.ops.prep.add')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}
