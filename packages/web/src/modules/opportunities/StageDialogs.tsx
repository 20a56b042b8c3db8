import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { GateRequirement, OpportunityStage } from '@xiaoguan/shared';
import { currentLocale } from '../../core/i18n';
import { isApiError } from '../../core/api';
import { errorMessage } from '../../components/ErrorAlert';
import { useOpportunitySettings } from './api';

export interface LostValues {
  lostReason: string;
  lostNote?: string | null;
}

/** Asks for a lost reason from the configured list and an optional note (a lost deal needs a reason). */
export function LostReasonModal({
  name,
  onConfirm,
  onClose,
  saving,
}: {
  name: string;
  onConfirm: (values: LostValues) => void;
  onClose: () => void;
  saving: boolean;
}) {
  const { t } = useTranslation();
  const settings = useOpportunitySettings();
  const [form] = Form.useForm<{ lostReason?: string; lostNote?: string }>();
  const zh = currentLocale() === 'zh-CN';
  return (
    <Modal
      open
      title={t('opportunities.lost.title')}
      okText={t('opportunities.lost.confirm')}
      okButtonProps={
        { danger: true, loading: saving, 'data-testid': 'lost-confirm' } as React.ComponentProps<typeof Modal>['okButtonProps']
      }
      onCancel={onClose}
      onOk={() =>
        void form
          .validateFields()
          .then((values) =>
            onConfirm({ lostReason: values.lostReason!, lostNote: values.lostNote?.trim() ? values.lostNote.trim() : null }),
          )
          .catch(() => undefined)
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{name}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="lostReason"
          label={t('opportunities.lost.reason')}
          rules={[{ required: true, message: t('common.validation.required') }]}
        >
          <Select
            loading={settings.isPending}
            options={(settings.data?.lostReasons ?? []).map((reason) => ({ value: reason.code, label: zh ? reason.zh : reason.en }))}
            data-testid="lost-reason"
          />
        </Form.Item>
        <Form.Item name="lostNote" label={t('opportunities.lost.note')}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="lost-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The stages of a refused OPP-GATE, if this error is one. */
export function gateRefusal(error: unknown): { stage: OpportunityStage; missing: GateRequirement[] } | null {
  if (!isApiError(error) || error.rule !== 'OPP-GATE') return null;
  return {
    stage: error.data?.stage as OpportunityStage,
    missing: (Array.isArray(error.data?.missing) ? error.data.missing : []) as GateRequirement[],
  };
}

/** Tells what a refused move misses (OPP-GATE), or the error as a message; offers to open the opportunity. */
export function useStageErrorReporter() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  return (error: unknown, openOpportunity?: () => void) => {
    const gate = gateRefusal(error);
    if (gate) {
      modal.warning({
        title: t('opportunities.board.gateTitle', { stage: t(`opportunities.stages.${gate.stage}`) }),
        content: <GateContent t={t} missing={gate.missing} />,
        okText: openOpportunity ? t('opportunities.board.gateOpen') : t('common.actions.close'),
        onOk: openOpportunity,
        okCancel: Boolean(openOpportunity),
        cancelText: t('common.actions.close'),
      });
      return;
    }
    if (isApiError(error) && error.code === 'conflict') message.warning(t('opportunities.board.stale'));
    else message.error(errorMessage(t, error));
  };
}

function GateContent({ t, missing }: { t: TFunction; missing: GateRequirement[] }) {
  return (
    <div data-testid="gate-missing">
      <Typography.Paragraph style={{ marginBottom: 8 }}>{t('opportunities.board.gateText')}</Typography.Paragraph>
      <ul style={{ paddingInlineStart: 20, margin: 0 }}>
        {missing.map((requirement) => (
          <li key={requirement}>{t(`opportunities.requirements.${requirement}`)}</li>
        ))}
      </ul>
    </div>
  );
}
