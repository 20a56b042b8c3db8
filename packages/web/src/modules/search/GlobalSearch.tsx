import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { Button, Empty, Input, Modal, Spin, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { SearchHit } from '@xiaoguan/shared';
import { useGlobalSearch, useRecentItems, type SearchTypeDeclaration } from '../../core/recordShortcuts';
import { keyLabel, useShortcut } from '../../core/shortcuts';
import { useIsPhone } from '../../components/useMediaQuery';
import { localName } from '../../core/i18n';

interface Group {
  type: string;
  title: string;
  items: SearchHit[];
}

/** Where a hit opens: its own page, or (a contact) its target's. Null when no module declares the type. */
export function hitPath(types: readonly SearchTypeDeclaration[], hit: SearchHit): string | null {
  const ref = hit.target ?? { type: hit.type, id: hit.id };
  const declaration = types.find((candidate) => candidate.type === ref.type);
  if (!declaration) return null;
  return declaration.open({ id: ref.id, title: hit.title, subtitle: hit.subtitle });
}

/** The typed text, settled for 150 ms: one request per pause, not per key. */
function useSettled(value: string, ms = 150): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The search dialog's body: the box, then recent items (empty box) or grouped results; arrows, Enter, Esc. */
export function SearchPanel({ types, onClose }: { types: readonly SearchTypeDeclaration[]; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const q = useSettled(text);
  const searching = [...q.trim()].length >= 2;
  const results = useGlobalSearch(q);
  const recent = useRecentItems(!searching);
  const [active, setActive] = useState(0);

  const groups: Group[] = useMemo(() => {
    const label = (type: string) => {
      const declaration = types.find((candidate) => candidate.type === type);
      return declaration ? t(declaration.labelKey) : type;
    };
    if (!searching) {
      const items = recent.data?.items ?? [];
      return items.length ? [{ type: 'recent', title: t('search.recent.title'), items }] : [];
    }
    return (results.data?.groups ?? [])
      .filter((group) => types.some((candidate) => candidate.type === group.type))
      .map((group) => ({ type: group.type, title: label(group.type), items: group.items }));
  }, [searching, recent.data, results.data, types, t]);
  const flat = useMemo(() => groups.flatMap((group) => group.items), [groups]);

  useEffect(() => setActive(0), [groups]);

  const open = (hit: SearchHit | undefined) => {
    if (!hit) return;
    const path = hitPath(types, hit);
    if (!path) return;
    onClose();
    navigate(path);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!flat.length) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + flat.length) % flat.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      open(flat[active]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  const optionId = (index: number) => `global-search-option-${index}`;
  const tooShort = !searching && text.trim().length > 0;
  let index = -1;
  return (
    <div>
      <Input
        autoFocus
        size="large"
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('search.placeholder')}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded={flat.length > 0}
        aria-controls="global-search-results"
        aria-activedescendant={flat.length ? optionId(active) : undefined}
        aria-label={t('search.open')}
        data-testid="global-search-input"
      />
      <div id="global-search-results" role="listbox" className="xg-search-results" data-testid="global-search-results">
        {groups.map((group) => (
          <div key={group.type} role="group" aria-label={group.title} data-testid={`global-search-group-${group.type}`}>
            <div className="xg-search-group">{group.title}</div>
            {group.items.map((hit) => {
              index += 1;
              const mine = index;
              return (
                <div
                  key={`${hit.type}:${hit.id}`}
                  id={optionId(mine)}
                  role="option"
                  aria-selected={mine === active}
                  className={mine === active ? 'xg-search-item xg-search-item-active' : 'xg-search-item'}
                  onMouseEnter={() => setActive(mine)}
                  onClick={() => open(hit)}
                  data-testid={`global-search-hit-${hit.type}-${hit.id}`}
                >
                  <span className="xg-search-title">{localName(hit.title, hit.titleEn)}</span>
                  {hit.subtitle ? <span className="xg-search-subtitle">{hit.subtitle}</span> : null}
                </div>
              );
            })}
          </div>
        ))}
        {searching && results.isFetching && !results.data ? (
          <div className="xg-search-note">
            <Spin size="small" /> {t('search.searching')}
          </div>
        ) : null}
        {searching && results.isError ? <div className="xg-search-note">{t('search.failed')}</div> : null}
        {searching && results.data && !groups.length ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('search.empty')} />
        ) : null}
        {tooShort ? <div className="xg-search-note">{t('search.hint')}</div> : null}
        {!searching && !tooShort && recent.data && !groups.length ? <div className="xg-search-note">{t('search.recent.empty')}</div> : null}
      </div>
      <Typography.Text type="secondary" className="xg-search-keys">
        <kbd>↑</kbd>
        <kbd>↓</kbd> {t('search.keys.move')} · <kbd>Enter</kbd> {t('search.keys.open')} · <kbd>Esc</kbd> {t('search.keys.close')}
      </Typography.Text>
    </div>
  );
}

/** The header's search button and dialog; Ctrl+K (⌘K) or `/` opens it from anywhere. */
export function GlobalSearch({ types }: { types: readonly SearchTypeDeclaration[] }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [open, setOpen] = useState(false);
  useShortcut('search', () => setOpen(true));
  return (
    <>
      <Button
        type="text"
        icon={<SearchOutlined />}
        onClick={() => setOpen(true)}
        aria-label={t('search.open')}
        data-testid="global-search-open"
        className="xg-search-button"
      >
        {isPhone ? null : (
          <>
            <span>{t('search.open')}</span>
            <kbd>{keyLabel('mod+k').join(' ')}</kbd>
          </>
        )}
      </Button>
      {open ? (
        <Modal
          open
          onCancel={() => setOpen(false)}
          footer={null}
          closable={false}
          width={640}
          style={{ top: isPhone ? 12 : 80 }}
          data-testid="global-search"
        >
          <SearchPanel types={types} onClose={() => setOpen(false)} />
        </Modal>
      ) : null}
    </>
  );
}
