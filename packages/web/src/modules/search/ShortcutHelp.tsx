import { Fragment, useState } from 'react';
import { Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { keyLabel, SHORTCUTS, useShortcut } from '../../core/shortcuts';

/** The list of keyboard shortcuts, in the reader's language. */
export function ShortcutList() {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Paragraph type="secondary">{t('search.shortcuts.intro')}</Typography.Paragraph>
      <table className="xg-shortcut-table" data-testid="shortcut-list">
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.id} data-testid={`shortcut-${shortcut.id}`}>
              <td>{t(`search.shortcuts.${shortcut.id}`)}</td>
              <td className="xg-shortcut-keys">
                {shortcut.keys.map((key, index) => (
                  <Fragment key={key}>
                    {index > 0 ? <span className="xg-shortcut-or"> {t('search.shortcuts.or')} </span> : null}
                    {keyLabel(key).map((part) => (
                      <kbd key={part}>{part}</kbd>
                    ))}
                  </Fragment>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `?` opens the shortcut help from anywhere (not while typing in a field). */
export function ShortcutHelp() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  useShortcut('help', () => setOpen(true));
  return (
    <Modal open={open} onCancel={() => setOpen(false)} footer={null} title={t('search.shortcuts.title')} data-testid="shortcut-help">
      <ShortcutList />
    </Modal>
  );
}
