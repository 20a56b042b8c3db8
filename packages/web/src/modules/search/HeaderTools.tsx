import './search.css';
import type { SearchTypeDeclaration } from '../../core/recordShortcuts';
import { GlobalSearch } from './GlobalSearch';
import { RecentMenu } from './RecentMenu';
import { ShortcutHelp } from './ShortcutHelp';
import { RecordKeys } from './RecordKeys';

/** The header's search, recent items and favourites, and the keyboard shortcuts, for the record types the modules declare. */
export function HeaderTools({ types }: { types: readonly SearchTypeDeclaration[] }) {
  return (
    <>
      <GlobalSearch types={types} />
      <RecentMenu types={types} />
      <ShortcutHelp />
      <RecordKeys types={types} />
    </>
  );
}
