import { useState } from 'react';
import { Button, Card, Tabs } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { BulkResult, Task } from '@xiaoguan/shared';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useCan } from '../../core/session';
import { PageHeader } from '../../components/PageHeader';
import { api } from '../../core/api';
import { BulkBar, useRowSelection, type BulkSelection } from '../../components/lists/BulkBar';
import { useTasks, type TaskState } from './api';
import { EmptyState } from './CustomerTable';
import { useSeesOthers } from '../../components/useSeesOthers';
import { TaskDrawer } from './TaskDrawer';
import { TaskTable } from './TaskTable';

const STATES: readonly TaskState[] = ['open', 'overdue', 'done'];

/** Follow-up tasks by state: open (not yet due), overdue, done. */
export default function TasksPage() {
  const { t } = useTranslation();
  const can = useCan();
  const seesOthers = useSeesOthers();
  const [search, setSearch] = useSearchParams();
  const state: TaskState = STATES.find((value) => value === search.get('state')) ?? 'open';
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const tasks = useTasks({ state, ...page, sort: state === 'done' ? '-doneAt' : 'dueAt' });
  const [creating, setCreating] = useState(false);
  const empty = tasks.data && tasks.data.total === 0 && !tasks.isFetching;
  // Ticked tasks (issue 16, bulk actions): marked done together, or exported; cleared when the tab changes.
  const selection = useRowSelection<Task>(state);
  const queryClient = useQueryClient();
  const closeTasks = async (_action: string, _values: Record<string, unknown>, picked: BulkSelection): Promise<BulkResult> => {
    const result = await api.post<BulkResult>('/tasks/bulk-close', 'ids' in picked ? picked : { matching: { state } });
    await queryClient.invalidateQueries();
    return result;
  };

  return (
    <>
      <PageHeader
        title={t('customers.tasks.title')}
        subtitle={t('customers.tasks.subtitle')}
        extra={
          can('customers.write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="task-create">
              {t('customers.tasks.create')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={state}
          onChange={(key) => {
            setPage((current) => ({ ...current, page: 1 }));
            setSearch(key === 'open' ? {} : { state: key }, { replace: true });
          }}
          items={STATES.map((value) => ({
            key: value,
            label: <span data-testid={`tasks-tab-${value}`}>{t(`customers.tasks.tabs.${value}`)}</span>,
          }))}
        />
        {empty ? (
          <div style={{ padding: '32px 0' }} data-testid="tasks-table">
            <EmptyState title={state === 'done' ? t('customers.tasks.empty') : t('customers.tasks.emptyOpen')} />
          </div>
        ) : (
          <>
            <BulkBar
              selection={selection}
              total={tasks.data?.total ?? 0}
              pageRows={tasks.data?.items.length ?? 0}
              actions={state === 'done' || !can('customers.write') ? [] : [{ key: 'closeTasks', label: t('lists.bulk.closeTasks') }]}
              run={closeTasks}
              exportSelected={{ path: '/tasks/export-selected', fallbackName: 'tasks.xlsx' }}
              testId="tasks-bulk"
            />
            <TaskTable
              rowSelection={selection.rowSelection}
              testId="tasks-table"
              data={tasks.data}
              loading={tasks.isFetching}
              error={tasks.error}
              onRetry={() => void tasks.refetch()}
              onPageChange={(next, pageSize) => setPage({ page: next, pageSize })}
              showOwner={seesOthers}
              showDoneAt={state === 'done'}
            />
          </>
        )}
      </Card>
      {creating ? <TaskDrawer onClose={() => setCreating(false)} /> : null}
    </>
  );
}
