import { useMemo, useState } from 'react';
import { App, Modal, Select, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '@xiaoguan/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSetSupportAssignments, useSupportAssignments, useUsers } from './api';

interface Option {
  value: string;
  label: string;
}

function RepPicker({ initial, options, onChange }: { initial: string[]; options: Option[]; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation();
  const [repIds, setRepIds] = useState(initial);
  return (
    <Select<string[]>
      mode="multiple"
      value={repIds}
      onChange={(ids) => {
        setRepIds(ids);
        onChange(ids);
      }}
      options={options}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('org.users.supportReps')}
      style={{ width: '100%' }}
      data-testid="support-reps"
    />
  );
}

/** Which reps a sales assistant (support) serves: that is their record scope `supported`. Mounted while open. */
export function SupportAssignmentsModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const assignments = useSupportAssignments(user.id);
  const reps = useUsers({ page: 1, pageSize: 200, role: 'rep' });
  const save = useSetSupportAssignments();
  const [chosen, setChosen] = useState<string[] | null>(null);

  const options = useMemo(
    () =>
      (reps.data?.items ?? []).map((rep) => ({
        value: rep.id,
        label: `${rep.displayName} (${rep.username})${rep.orgUnitName ? ` · ${rep.orgUnitName}` : ''}`,
      })),
    [reps.data],
  );

  return (
    <Modal
      open
      title={t('org.users.supportTitle', { name: user.displayName })}
      onCancel={onClose}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: !assignments.data }}
      onOk={() => {
        if (!assignments.data) return;
        save.mutate(
          { id: user.id, repIds: chosen ?? assignments.data.repIds },
          {
            onSuccess: () => {
              message.success(t('org.users.supportSaved'));
              onClose();
            },
          },
        );
      }}
    >
      <Typography.Paragraph type="secondary">{t('org.users.supportHint')}</Typography.Paragraph>
      <ErrorAlert error={assignments.error ?? reps.error ?? save.error} />
      {assignments.data && reps.data ? (
        <RepPicker initial={assignments.data.repIds} options={options} onChange={setChosen} />
      ) : (
        <Skeleton active paragraph={{ rows: 2 }} />
      )}
    </Modal>
  );
}
