import { useEffect, useRef } from 'react';

/**
 * Keyboard shortcuts (issue 16, capability 7). One listener on the document per hook; a plain key
 * (`n`, `/`, `?`, `j`) is ignored while the user types in a field, a combination with Ctrl or ⌘
 * (`mod+k`, `mod+s`) works everywhere. The help dialog (`?`) lists them: SHORTCUTS below.
 */
export const SHORTCUTS = [
  { id: 'search', keys: ['mod+k', '/'] },
  { id: 'help', keys: ['?'] },
  { id: 'new', keys: ['n'] },
  { id: 'save', keys: ['mod+s'] },
  { id: 'next', keys: ['j'] },
  { id: 'previous', keys: ['k'] },
  { id: 'close', keys: ['Escape'] },
] as const;

export type ShortcutId = (typeof SHORTCUTS)[number]['id'];

/** Whether the key event was typed into something that takes text (input, textarea, select, editor). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
}

/** Whether `event` is the shortcut `key` (`mod+k`: Ctrl+K, or ⌘K on a Mac; `?`; `j`). */
export function matchesKey(event: KeyboardEvent, key: string): boolean {
  const mod = key.startsWith('mod+');
  const base = mod ? key.slice(4) : key;
  if (mod !== (event.ctrlKey || event.metaKey)) return false;
  if (event.altKey) return false;
  if (!mod && event.ctrlKey) return false;
  return event.key.toLowerCase() === base.toLowerCase() || (base === '?' && event.key === '?');
}

/** A shortcut's keys as shown: `mod+k` → Ctrl K (⌘ K on a Mac). */
export function keyLabel(key: string): string[] {
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  if (key.startsWith('mod+')) return [mac ? '⌘' : 'Ctrl', key.slice(4).toUpperCase()];
  if (key === 'Escape') return ['Esc'];
  return [key.length === 1 ? key.toUpperCase() : key];
}

/**
 * Calls `handler` when a key of shortcut `id` is pressed (while `enabled`). The handler's return
 * `false` lets the event through (e.g. nothing to do on this page); otherwise its default is prevented.
 */
export function useShortcut(id: ShortcutId, handler: (event: KeyboardEvent) => boolean | void, enabled = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const keys = SHORTCUTS.find((shortcut) => shortcut.id === id)!.keys as readonly string[];
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const key = keys.find((candidate) => matchesKey(event, candidate));
      if (!key) return;
      if (!key.startsWith('mod+') && key !== 'Escape' && isTypingTarget(event.target)) return;
      if (latest.current(event) === false) return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [id, enabled]);
}
