import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_LAYOUT,
  mergeLayout,
  mergeTheme,
  resetLayout,
  selectTab,
  setPanelCollapsed,
  setPanelHidden,
} from './layout-settings';
import { MemoryStorage } from './testing/memory-storage';

describe('layout changes', () => {
  it('hides and shows a panel, once', () => {
    const hidden = setPanelHidden(setPanelHidden(DEFAULT_LAYOUT, 'fills', true), 'fills', true);
    expect(hidden.hidden).toEqual(['fills']);
    expect(setPanelHidden(hidden, 'fills', false).hidden).toEqual([]);
    expect(setPanelHidden(hidden, 'orders', false).hidden).toEqual(['fills']);
  });

  it('collapses and expands a panel without touching what is hidden', () => {
    const layout = setPanelCollapsed(setPanelHidden(DEFAULT_LAYOUT, 'fills', true), 'market', true);
    expect(layout).toEqual({ hidden: ['fills'], collapsed: ['market'], tabs: {}, columns: {} });
    expect(setPanelCollapsed(layout, 'market', false)).toEqual({
      hidden: ['fills'],
      collapsed: [],
      tabs: {},
      columns: {},
    });
  });

  it('remembers the selected tab per area', () => {
    const layout = selectTab(selectTab(DEFAULT_LAYOUT, 'summary', 'exposure'), 'feeds', 'notifications');
    expect(layout.tabs).toEqual({ summary: 'exposure', feeds: 'notifications' });
    expect(selectTab(layout, 'summary', 'pnl-summary').tabs).toEqual({
      summary: 'pnl-summary',
      feeds: 'notifications',
    });
  });

  it('never mutates the layout it is given', () => {
    const before = { hidden: ['a'], collapsed: ['b'], tabs: { x: 'c' }, columns: {} };
    const copy = structuredClone(before);
    setPanelHidden(before, 'z', true);
    setPanelCollapsed(before, 'b', false);
    selectTab(before, 'x', 'd');
    expect(before).toEqual(copy);
  });

  it('resets to the default layout, as a fresh object', () => {
    const reset = resetLayout();
    expect(reset).toEqual(DEFAULT_LAYOUT);
    reset.hidden.push('x');
    expect(DEFAULT_LAYOUT.hidden).toEqual([]);
  });
});

describe('merging a saved layout', () => {
  it('fills in fields an older build did not save (tabs)', () => {
    expect(mergeLayout(DEFAULT_LAYOUT, { hidden: ['fills'], collapsed: ['chart'] })).toEqual({
      hidden: ['fills'],
      collapsed: ['chart'],
      tabs: {},
      columns: {},
    });
  });

  it('replaces fields of the wrong shape by their defaults and drops non-string entries', () => {
    expect(
      mergeLayout(DEFAULT_LAYOUT, { hidden: 'fills', collapsed: ['a', 3, 'a', null], tabs: { s: 'x', t: 4 } }),
    ).toEqual({
      hidden: [],
      collapsed: ['a'],
      tabs: { s: 'x' },
      columns: {},
    });
    expect(mergeLayout(DEFAULT_LAYOUT, null)).toEqual(DEFAULT_LAYOUT);
    expect(mergeLayout(DEFAULT_LAYOUT, { tabs: ['x'] }).tabs).toEqual({});
  });

  it('keeps a known theme and falls back to the default for anything else', () => {
    expect(mergeTheme('dark', 'light')).toBe('light');
    expect(mergeTheme('dark', 'solarized')).toBe('dark');
    expect(mergeTheme('dark', undefined)).toBe('dark');
  });
});

describe('the settings store restores what an older build saved', () => {
  async function storeWith(saved: unknown) {
    const storage = new MemoryStorage();
    vi.stubGlobal('localStorage', storage);
    vi.resetModules();
    const { useSettings, SETTINGS_STORAGE_KEY, DEFAULT_SETTINGS } = await import('./settings-store');
    storage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify({ state: saved, version: 1 }));
    await useSettings.persist.rehydrate();
    return { useSettings, storage, SETTINGS_STORAGE_KEY, DEFAULT_SETTINGS };
  }
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('a layout without tabs and no chart range gets the defaults for what it lacks', async () => {
    // What the first build of the settings store wrote.
    const { useSettings, DEFAULT_SETTINGS } = await storeWith({
      baseCurrency: 'BTC',
      theme: 'light',
      layout: { hidden: ['fills'], collapsed: [] },
    });
    const s = useSettings.getState();
    expect(s.baseCurrency).toBe('BTC');
    expect(s.theme).toBe('light');
    expect(s.chartRange).toBe(DEFAULT_SETTINGS.chartRange);
    expect(s.layout).toEqual({ hidden: ['fills'], collapsed: [], tabs: {}, columns: {} });
    expect(s.journal).toEqual(DEFAULT_SETTINGS.journal);
    // It becomes the current workspace's, under the default name.
    expect(s.workspace).toBe('Default');
    expect(s.workspaces.Default).toEqual(s.layout);
  });

  it('a theme it does not know falls back to dark; a layout change is saved back', async () => {
    const { useSettings, storage, SETTINGS_STORAGE_KEY } = await storeWith({ theme: 'neon', layout: 'broken' });
    expect(useSettings.getState().theme).toBe('dark');
    expect(useSettings.getState().layout).toEqual(DEFAULT_LAYOUT);
    useSettings.getState().changeLayout((l) => selectTab(l, 'summary', 'exposure'));
    useSettings.getState().changeLayout((l) => setPanelHidden(l, 'fills', true));
    const written = JSON.parse(storage.getItem(SETTINGS_STORAGE_KEY) ?? '{}') as { state: { layout: unknown } };
    expect(written.state.layout).toEqual({
      hidden: ['fills'],
      collapsed: [],
      tabs: { summary: 'exposure' },
      columns: {},
    });
  });
});
