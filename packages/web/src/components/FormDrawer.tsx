import type { ReactNode } from 'react';
import { Button, Drawer, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from './useMediaQuery';
import { useShortcut } from '../core/shortcuts';

interface FormDrawerProps {
  title: ReactNode;
  /** Width on larger screens; full width on phones. */
  width: number;
  saving: boolean;
  onSave: () => void;
  onClose: () => void;
  submitTestId: string;
  submitDisabled?: boolean;
  children: ReactNode;
}

/** The drawer every create/edit form uses: title, content, and Cancel / Save in the footer. */
export function FormDrawer({ title, width, saving, onSave, onClose, submitTestId, submitDisabled, children }: FormDrawerProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  // Ctrl+S / ⌘S saves, as the Save button would (issue 16, capability 7).
  useShortcut('save', () => {
    if (!saving && !submitDisabled) onSave();
  });
  return (
    <Drawer
      open
      onClose={onClose}
      size={isPhone ? '100%' : width}
      title={title}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.actions.cancel')}</Button>
          <Button type="primary" loading={saving} disabled={submitDisabled} onClick={onSave} data-testid={submitTestId}>
            {t('common.actions.save')}
          </Button>
        </Flex>
      }
    >
      {children}
    </Drawer>
  );
}
