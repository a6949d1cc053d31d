import type { StateStorage } from 'zustand/middleware';

/**
 * Settings are one object in localStorage shared by every open tab. A tab writes the whole object on
 * each change, and hears of another tab's write only a moment later (the `storage` event): a tab that
 * saves its layout in that moment would put back the old value of a setting the other tab just
 * changed (seen: sounds switched on in one tab, off again a second later). So a write is merged per
 * top-level field against what this tab last read or wrote: a field this tab did not change keeps
 * the stored value, and the tab then reads the merged object back.
 */
type Fields = Record<string, unknown>;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function mergeSettingsWrite(base: Fields | undefined, mine: Fields, theirs: Fields | undefined): Fields {
  if (base === undefined || theirs === undefined) return mine;
  const merged: Fields = { ...mine };
  for (const key of Object.keys(theirs)) {
    if (key in base && same(mine[key], base[key])) merged[key] = theirs[key];
  }
  return merged;
}

interface Saved {
  state: Fields;
  version?: number;
}

function parseSaved(text: string | null): Saved | undefined {
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { state } = value as { state?: unknown };
    return typeof state === 'object' && state !== null ? (value as Saved) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A StateStorage over `store` (localStorage) that merges each write as above and calls
 * `readBack` when the written object took fields from another tab.
 */
export function mergingStorage(store: () => Storage, readBack: () => void): StateStorage {
  // Read now: where there is no storage (Node) this throws, and zustand's persist then keeps nothing.
  store();
  let base: Fields | undefined;
  return {
    getItem(name) {
      const text = store().getItem(name);
      base = parseSaved(text)?.state;
      return text;
    },
    setItem(name, value) {
      const mine = parseSaved(value);
      if (mine === undefined) {
        store().setItem(name, value);
        return;
      }
      const theirs = parseSaved(store().getItem(name));
      const state = mergeSettingsWrite(base, mine.state, theirs?.state);
      store().setItem(name, JSON.stringify({ ...mine, state }));
      base = state;
      if (!same(state, mine.state)) readBack();
    },
    removeItem(name) {
      base = undefined;
      store().removeItem(name);
    },
  };
}
