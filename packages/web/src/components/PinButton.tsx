import { App, Button } from 'antd';
import { StarFilled, StarOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useFavourites, useToggleFavourite } from '../core/recordShortcuts';

/** Pin / unpin a record as a favourite (the header's favourites menu), on its page. */
export function PinButton({ type, id }: { type: string; id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const favourites = useFavourites();
  const toggle = useToggleFavourite(type, id);
  const pinned = Boolean(favourites.data?.items.some((item) => item.type === type && item.id === id));
  return (
    <Button
      size="small"
      icon={pinned ? <StarFilled style={{ color: '#f5a623' }} /> : <StarOutlined />}
      loading={toggle.isPending}
      disabled={!favourites.data}
      aria-pressed={pinned}
      onClick={() =>
        toggle.mutate(pinned, { onSuccess: () => void message.success(t(pinned ? 'search.pin.removed' : 'search.pin.added')) })
      }
      data-testid="pin-button"
    >
      {t(pinned ? 'search.pin.remove' : 'search.pin.add')}
    </Button>
  );
}
