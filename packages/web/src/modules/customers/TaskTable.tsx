import { App, Button, Checkbox, Flex, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleFilled, CheckCircleOutlined, MessageOutlined, UndoOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import type { TableRowSelection } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import type { Task } from '@xiaoguan/shared';
import { DataTable, type PageData } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { errorMessage } from '../../components/ErrorAlert';
import { useIsPhone } from '../../components/useMediaQuery';
import { useUpdateTask } from './api';
import { TaskSource } from './TaskSource';

const STATE_COLORS: Record<Task['state'], string> = { open: 'processing', done: 'success', overdue: 'error' };

export function TaskStateTag({ task }: { task: Task }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[task.state]} style={{ marginInlineEnd: 0 }}>
      {t(`customers.taskStates.${task.state}`)}
    </Tag>
  );
}

/** Complete (or reopen) a task in place; the version guards against a concurrent change. */
export function useCompleteTask() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateTask();
  const run = (task: Task, done: boolean) =>
    update.mutate(
      { id: task.id, body: { version: task.version, done } },
      {
        onSuccess: () => message.success(done ? t('customers.tasks.completed') : t('customers.tasks.reopened')),
        onError: (error) => message.error(errorMessage(t, error)),
      },
    );
  return { run, pendingId: update.isPending ? update.variables?.id : undefined };
}

/**
 * The checkbox that completes a task (disabled without the ability). Beside a list's row-selection
 * checkbox it is a tick button instead, so the two controls cannot be mistaken for each other.
 */
export function TaskCheck({
  task,
  complete,
  asButton = false,
}: {
  task: Task;
  complete: ReturnType<typeof useCompleteTask>;
  asButton?: boolean;
}) {
  const { t } = useTranslation();
  if (asButton)
    return task.doneAt ? (
      <CheckCircleFilled style={{ color: '#52c41a' }} aria-label={t('customers.taskStates.done')} />
    ) : (
      <Tooltip title={t('customers.tasks.complete')}>
        <Button
          size="small"
          type="text"
          shape="circle"
          icon={<CheckCircleOutlined />}
          disabled={!task.abilities.complete || complete.pendingId === task.id}
          onClick={() => complete.run(task, true)}
          aria-label={t('customers.tasks.complete')}
          data-testid={`task-complete-${task.id}`}
        />
      </Tooltip>
    );
  return (
    <Tooltip title={task.doneAt ? undefined : t('customers.tasks.complete')}>
      <Checkbox
        checked={Boolean(task.doneAt)}
        disabled={!task.abilities.complete || complete.pendingId === task.id}
        onChange={(event) => {
          if (event.target.checked) complete.run(task, true);
        }}
        aria-label={t('customers.tasks.complete')}
        data-testid={`task-complete-${task.id}`}
      />
    </Tooltip>
  );
}

interface TaskTableProps {
  data: PageData<Task> | Task[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  onPageChange?: (page: number, pageSize: number) => void;
  /** Hide the customer column (on a customer's own page). */
  showCustomer?: boolean;
  showOwner?: boolean;
  /** The completion time column (the done list). */
  showDoneAt?: boolean;
  /** Ticking rows for bulk actions (the task list). */
  rowSelection?: TableRowSelection<Task>;
  testId: string;
}

export function TaskTable({
  data,
  loading,
  error,
  onRetry,
  onPageChange,
  showCustomer = true,
  showOwner = false,
  showDoneAt = true,
  rowSelection,
  testId,
}: TaskTableProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const complete = useCompleteTask();
  const columns: ColumnsType<Task> = [
    {
      title: '',
      key: 'done',
      width: 40,
      render: (_, task) => <TaskCheck task={task} complete={complete} asButton={Boolean(rowSelection)} />,
    },
    {
      title: t('customers.tasks.taskTitle'),
      key: 'title',
      render: (_, task) => (
        <div style={{ minWidth: isPhone ? 0 : 160, maxWidth: isPhone ? 230 : 360 }}>
          <Typography.Text delete={Boolean(task.doneAt)} style={{ fontWeight: 500 }}>
            {task.title}
          </Typography.Text>
          {task.interactionId ? (
            <Tooltip title={t('customers.tasks.fromInteraction')}>
              <MessageOutlined style={{ marginInlineStart: 6, color: 'rgba(0,0,0,0.35)' }} />
            </Tooltip>
          ) : null}
          {isPhone ? (
            <Flex gap={8} align="center" wrap style={{ fontSize: 12 }}>
              {showCustomer ? <TaskSource task={task} /> : null}
              <span style={{ color: task.state === 'overdue' ? '#cf1322' : 'rgba(0,0,0,0.45)' }}>
                <DateTimeText value={task.dueAt} />
              </span>
              {task.state !== 'open' ? <TaskStateTag task={task} /> : null}
            </Flex>
          ) : null}
        </div>
      ),
    },
    ...(showCustomer && !isPhone
      ? [
          {
            title: t('customers.tasks.customer'),
            key: 'customer',
            render: (_: unknown, task: Task) => <TaskSource task={task} />,
          },
        ]
      : []),
    ...(showOwner && !isPhone
      ? [{ title: t('customers.tasks.owner'), key: 'owner', render: (_: unknown, task: Task) => task.ownerName }]
      : []),
    ...(isPhone
      ? []
      : ([
          {
            title: t('customers.tasks.dueAt'),
            key: 'dueAt',
            render: (_, task) => (
              <span style={{ color: task.state === 'overdue' ? '#cf1322' : undefined }}>
                <DateTimeText value={task.dueAt} />
              </span>
            ),
          },
          { title: t('customers.tasks.state'), key: 'state', render: (_, task) => <TaskStateTag task={task} /> },
        ] as ColumnsType<Task>)),
    ...(isPhone || !showDoneAt
      ? []
      : [
          {
            title: t('customers.tasks.doneAt'),
            key: 'doneAt',
            render: (_: unknown, task: Task) =>
              task.doneAt ? (
                <Flex gap={4} align="center">
                  <DateTimeText value={task.doneAt} />
                  {task.abilities.update ? (
                    <Tooltip title={t('customers.tasks.reopen')}>
                      <Button
                        size="small"
                        type="text"
                        icon={<UndoOutlined />}
                        onClick={() => complete.run(task, false)}
                        aria-label={t('customers.tasks.reopen')}
                      />
                    </Tooltip>
                  ) : null}
                </Flex>
              ) : (
                '—'
              ),
          },
        ]),
  ];
  return (
    <DataTable<Task>
      testId={testId}
      data={data}
      loading={loading}
      error={error}
      onRetry={onRetry}
      rowKey={(task) => task.id}
      onPageChange={onPageChange}
      columns={columns}
      rowSelection={rowSelection}
    />
  );
}
