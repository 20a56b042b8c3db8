import { useState } from 'react';
import { Alert, App, Button, Card, Flex, InputNumber, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Contract } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCan } from '../../core/session';
import { UserSelect } from '../org';
import { useSaveSplits, useSplits } from './api';

interface Share {
  userId: string | null;
  userName: string | null;
  /** Percent, two decimals. */
  percent: number | null;
}

const toBp = (percent: number | null) => Math.round((percent ?? 0) * 100);

/**
 * The contract page's split-credit tab (contractTabs): who shares the commission on this deal and
 * how much — the monthly run (R-COM-1) credits each person their share of what is collected on it.
 * Commission plan holders (finance, ops, admin, the director) edit it; no shares = all to the owner.
 */
export function SplitCreditTab({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const splits = useSplits(contract.id);
  const save = useSaveSplits(contract.id);
  const [editing, setEditing] = useState<Share[] | null>(null);
  const current = splits.data?.splits ?? [];
  const total = editing ? editing.reduce((sum, share) => sum + toBp(share.percent), 0) : 0;
  const complete = editing !== null && editing.every((share) => share.userId && toBp(share.percent) > 0);
  const valid = editing !== null && (editing.length === 0 || (complete && total === 10_000));

  const startEditing = () =>
    setEditing(
      current.length
        ? current.map((s) => ({ userId: s.userId, userName: s.userName, percent: s.shareBp / 100 }))
        : [
            { userId: contract.ownerId, userName: contract.ownerName, percent: 50 },
            { userId: null, userName: null, percent: 50 },
          ],
    );
  const submit = (shares: Share[]) =>
    save.mutate(
      shares.map((s) => ({ userId: s.userId!, shareBp: toBp(s.percent) })),
      {
        onSuccess: () => {
          setEditing(null);
          void message.success(t('incentives.splits.saved'));
        },
      },
    );

  return (
    <Card size="small" title={t('incentives.splits.title')} data-testid="split-credit">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('incentives.splits.hint')}</Typography.Text>
        <ErrorAlert error={splits.error ?? save.error} onReload={() => void splits.refetch()} />
        {editing === null ? (
          <>
            {current.length === 0 ? (
              <Alert type="info" showIcon message={t('incentives.splits.allToOwner', { name: contract.ownerName ?? '—' })} />
            ) : (
              <Table
                rowKey="userId"
                size="small"
                pagination={false}
                dataSource={current}
                columns={[
                  { title: t('incentives.fields.person'), dataIndex: 'userName' },
                  {
                    title: t('incentives.fields.share'),
                    dataIndex: 'shareBp',
                    align: 'right',
                    render: (bp: number) => `${(bp / 100).toFixed(2)} %`,
                  },
                ]}
              />
            )}
            {can('incentives.plan') ? (
              <Flex gap={8} wrap>
                <Button onClick={startEditing} data-testid="split-edit">
                  {t('incentives.splits.edit')}
                </Button>
                {current.length ? (
                  <Button loading={save.isPending} onClick={() => submit([])} data-testid="split-clear">
                    {t('incentives.splits.clear')}
                  </Button>
                ) : null}
              </Flex>
            ) : null}
          </>
        ) : (
          <>
            {editing.map((share, index) => (
              <Flex key={index} gap={8} align="center" wrap={false}>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <UserSelect
                    value={share.userId}
                    initialLabel={share.userName}
                    excludeIds={editing.filter((_, i) => i !== index).flatMap((s) => (s.userId ? [s.userId] : []))}
                    onChange={(userId) => setEditing(editing.map((s, i) => (i === index ? { ...s, userId, userName: null } : s)))}
                    placeholder={t('incentives.fields.person')}
                    testId={`split-user-${index}`}
                  />
                </div>
                <InputNumber<number>
                  min={0.01}
                  max={100}
                  step={5}
                  precision={2}
                  value={share.percent}
                  onChange={(percent) => setEditing(editing.map((s, i) => (i === index ? { ...s, percent } : s)))}
                  addonAfter="%"
                  style={{ width: 130 }}
                  aria-label={t('incentives.fields.share')}
                  data-testid={`split-share-${index}`}
                />
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={t('incentives.splits.remove')}
                  onClick={() => setEditing(editing.filter((_, i) => i !== index))}
                />
              </Flex>
            ))}
            <Flex gap={8} wrap align="center">
              <Button
                icon={<PlusOutlined />}
                disabled={editing.length >= 10}
                onClick={() => setEditing([...editing, { userId: null, userName: null, percent: null }])}
                data-testid="split-add"
              >
                {t('incentives.splits.add')}
              </Button>
              <Typography.Text type={total === 10_000 || editing.length === 0 ? 'success' : 'danger'} data-testid="split-total">
                {t('incentives.splits.total', { percent: (total / 100).toFixed(2) })}
              </Typography.Text>
            </Flex>
            {!valid ? <Typography.Text type="secondary">{t('incentives.splits.mustAddUp')}</Typography.Text> : null}
            <Flex gap={8} wrap>
              <Button type="primary" disabled={!valid} loading={save.isPending} onClick={() => submit(editing)} data-testid="split-save">
                {t('incentives.plans.save')}
              </Button>
              <Button onClick={() => setEditing(null)}>{t('incentives.splits.cancel')}</Button>
            </Flex>
          </>
        )}
      </Space>
    </Card>
  );
}
