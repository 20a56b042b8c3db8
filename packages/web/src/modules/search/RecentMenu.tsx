import { useState } from 'react';
import { Button, Divider, Popover, Spin } from 'antd';
import { ClockCircleOutlined, StarFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { SearchHit } from '@xiaoguan/shared';
import { useFavourites, useRecentItems, type SearchTypeDeclaration } from '../../core/recordShortcuts';
import { hitPath } from './GlobalSearch';
import { useIsPhone } from '../../components/useMediaQuery';
import { localName } from '../../core/i18n';

function ItemList({
  items,
  types,
  kind,
  onOpen,
}: {
  items: SearchHit[];
  types: readonly SearchTypeDeclaration[];
  kind: 'recent' | 'favourite';
  onOpen: (path: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <div role="list">
      {items.map((hit) => {
        const path = hitPath(types, hit);
        const declaration = types.find((candidate) => candidate.type === hit.type);
        if (!path) return null;
        return (
          <button
            type="button"
            role="listitem"
            key={`${hit.type}:${hit.id}`}
            className="xg-search-item xg-recent-item"
            onClick={() => onOpen(path)}
            data-testid={`${kind}-item-${hit.type}-${hit.id}`}
          >
            <span className="xg-search-title">{localName(hit.title, hit.titleEn)}</span>
            <span className="xg-search-subtitle">{declaration ? t(declaration.labelKey) : null}</span>
          </button>
        );
      })}
    </div>
  );
}

/** The header menu of favourites (pinned records) and recent items, each only what the user may still see. */
export function RecentMenu({ types }: { types: readonly SearchTypeDeclaration[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [open, setOpen] = useState(false);
  const recent = useRecentItems(open);
  const favourites = useFavourites(open);
  const go = (path: string) => {
    setOpen(false);
    navigate(path);
  };
  const content = (
    <div className="xg-recent-menu" data-testid="recent-menu-panel">
      <div className="xg-search-group">
        <StarFilled style={{ color: '#f5a623' }} /> {t('search.favourites.title')}
      </div>
      {favourites.isLoading ? <Spin size="small" /> : null}
      {favourites.data && !favourites.data.items.length ? <div className="xg-search-note">{t('search.favourites.empty')}</div> : null}
      <ItemList items={favourites.data?.items ?? []} types={types} kind="favourite" onOpen={go} />
      <Divider style={{ margin: '8px 0' }} />
      <div className="xg-search-group">
        <ClockCircleOutlined /> {t('search.recent.title')}
      </div>
      {recent.isLoading ? <Spin size="small" /> : null}
      {recent.data && !recent.data.items.length ? <div className="xg-search-note">{t('search.recent.empty')}</div> : null}
      <ItemList items={recent.data?.items ?? []} types={types} kind="recent" onOpen={go} />
    </div>
  );
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement={isPhone ? 'bottom' : 'bottomRight'}
      content={content}
      arrow={false}
    >
      <Button type="text" icon={<ClockCircleOutlined />} aria-label={t('search.recent.menu')} data-testid="recent-menu" />
    </Popover>
  );
}
