/**
 * The services a Link Worker is gathering for one client: a small store shared by the directory
 * and the map, kept for the browser tab (sessionStorage) so moving between pages keeps the list.
 * Names only, for the tray's own display; the server reads the services afresh.
 */
import { createSignal } from 'solid-js';

export const SHORTLIST_MAX = 10;
export interface TrayItem {
  id: string;
  name: string;
}

const KEY = 'gapmap.shortlist';

function stored(): TrayItem[] {
  try {
    const raw = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(raw)
      ? (raw as TrayItem[])
          .filter((x) => typeof x?.id === 'string' && typeof x?.name === 'string')
          .slice(0, SHORTLIST_MAX)
      : [];
  } catch {
    return [];
  }
}

const [items, setItemsRaw] = createSignal<TrayItem[]>(
  typeof sessionStorage === 'undefined' ? [] : stored(),
);

function setItems(next: TrayItem[]) {
  setItemsRaw(next);
  try {
    sessionStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Private browsing without storage: the tray still works for this page.
  }
}

export const trayItems = items;
export const inTray = (id: string) => items().some((x) => x.id === id);
export const trayFull = () => items().length >= SHORTLIST_MAX;

/** Adds or removes; false when the tray is full. */
export function toggleInTray(item: TrayItem): boolean {
  if (inTray(item.id)) {
    setItems(items().filter((x) => x.id !== item.id));
    return true;
  }
  if (trayFull()) return false;
  setItems([...items(), item]);
  return true;
}

export const clearTray = () => setItems([]);
