import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { mergingStorage } from './settings-sync';
import {
  DEFAULT_LAYOUT,
  mergeLayout,
  mergeTheme,
  resetLayout,
  type LayoutSettings,
  type Theme,
} from './layout-settings';
import { mergeSounds, SOUNDS_OFF, type SoundSettings } from './attention/sound-kinds';
import { LIMITS } from './state';

export type { LayoutSettings, Theme } from './layout-settings';
export type { SoundKind, SoundSettings } from './attention/sound-kinds';

/**
 * The user's preferences, saved in localStorage and restored on reload: base currency, how stablecoins
 * are valued, theme, panel layout, chart range, journal retention, alert thresholds and sounds. No secret is
 * ever kept here (connections and their credentials live in connections-store, in memory).
 */
export type BaseCurrency = 'USD' | 'BTC';
export const BASE_CURRENCIES: readonly BaseCurrency[] = ['USD', 'BTC'];
export type ChartRange = '5m' | '1h' | '1d' | 'all';
/** The chart's view: equity (total and per connection) or realized vs unrealized PnL. */
export type ChartViewSetting = 'equity' | 'pnl';

export interface AlertSettings {
  /** Equity drawdown from its peak (within the journal's history), percent; 0 = off. */
  drawdownPct: number;
  /** Total unrealized PnL at or below minus this amount (base currency); "" = off. */
  unrealizedLoss: string;
  /** Any position's notional at or above this amount (base currency); "" = off. */
  positionNotional: string;
  /** Alert when a stream goes stale (no message within its heartbeat window). */
  stale: boolean;
  /** ...and has stayed stale for this long, ms; 0 = as soon as it is stale. */
  staleAfterMs: number;
  /** Alert when a connection drops (reconnecting or error). */
  disconnect: boolean;
  /** Also show alerts as browser notifications (asks for permission when switched on). */
  browserNotifications: boolean;
  /**
   * Hysteresis band, percent of the threshold: a fired threshold alert re-arms only once its value is
   * back this far on the safe side (no alert storm while a value hovers at the threshold).
   */
  rearmPct: number;
}

export interface JournalSettings {
  /** Fills, order states and equity samples older than this are pruned. */
  retentionDays: number;
  /** At most this many fills are kept (oldest pruned first). */
  maxFills: number;
}

export interface SettingsState {
  baseCurrency: BaseCurrency;
  /** Value USDT, USDC, ... at 1 USD. Off: only at a live price from a venue (else flagged unconverted). */
  stablesAtPar: boolean;
  theme: Theme;
  chartRange: ChartRange;
  chartView: ChartViewSetting;
  layout: LayoutSettings;
  /** The workspace the board shows (its live layout is `layout`). */
  workspace: string;
  /** Every named workspace's layout as it was when last saved or left (the current one's is `layout`). */
  workspaces: Record<string, LayoutSettings>;
  /**
   * Bumped when the board must be rebuilt from `layout` (reset, switching or importing a workspace);
   * not saved. Ordinary moves leave it alone: the board already shows them.
   */
  layoutRevision: number;
  journal: JournalSettings;
  alerts: AlertSettings;
  /** Short sounds per kind (fills, disconnects, alerts): all off until the user switches one on. */
  sounds: SoundSettings;
  /** The locale numbers and dates are shown in (a BCP 47 tag); "" = the browser's (navigator.language). */
  numberLocale: string;
}

export interface SettingsActions {
  update(patch: Partial<SettingsState>): void;
  updateAlerts(patch: Partial<AlertSettings>): void;
  updateJournal(patch: Partial<JournalSettings>): void;
  updateSounds(patch: Partial<SoundSettings>): void;
  updateLayout(patch: Partial<LayoutSettings>): void;
  /** Apply a layout change (layout-settings.ts) to the layout as it is now. */
  changeLayout(change: (layout: LayoutSettings) => LayoutSettings): void;
  /** The default board for the current workspace (panels, tabs, columns). */
  resetBoard(): void;
  /** Keep the current layout under this name and make it the current workspace. */
  saveWorkspaceAs(name: string): void;
  /** Keep the current layout under the current name, then show the named workspace. */
  switchWorkspace(name: string): void;
  /** Add (or replace) a workspace and show it. */
  addWorkspace(name: string, layout: LayoutSettings): void;
  deleteWorkspace(name: string): void;
  resetSettings(): void;
}

export const DEFAULT_WORKSPACE = 'Default';

export const DEFAULT_SETTINGS: SettingsState = {
  baseCurrency: 'USD',
  stablesAtPar: true,
  theme: 'dark',
  chartRange: '1h',
  chartView: 'equity',
  layout: DEFAULT_LAYOUT,
  workspace: DEFAULT_WORKSPACE,
  workspaces: { [DEFAULT_WORKSPACE]: DEFAULT_LAYOUT },
  layoutRevision: 0,
  journal: { retentionDays: 7, maxFills: LIMITS.fills },
  alerts: {
    drawdownPct: 0,
    unrealizedLoss: '',
    positionNotional: '',
    stale: true,
    staleAfterMs: 0,
    disconnect: true,
    browserNotifications: false,
    rearmPct: 10,
  },
  sounds: SOUNDS_OFF,
  numberLocale: '',
};

export const SETTINGS_STORAGE_KEY = 'venueboard.settings';

export const useSettings = create<SettingsState & SettingsActions>()(
  persist(
    (set) => ({
      ...DEFAULT_SETTINGS,
      update: (patch) => set(patch),
      updateAlerts: (patch) => set((s) => ({ alerts: { ...s.alerts, ...patch } })),
      updateJournal: (patch) => set((s) => ({ journal: { ...s.journal, ...patch } })),
      updateSounds: (patch) => set((s) => ({ sounds: { ...s.sounds, ...patch } })),
      updateLayout: (patch) => set((s) => ({ layout: { ...s.layout, ...patch } })),
      changeLayout: (change) => set((s) => ({ layout: change(s.layout) })),
      resetBoard: () => set((s) => ({ layout: resetLayout(), layoutRevision: s.layoutRevision + 1 })),
      saveWorkspaceAs: (name) => set((s) => ({ workspace: name, workspaces: { ...s.workspaces, [name]: s.layout } })),
      switchWorkspace: (name) =>
        set((s) => {
          const next = s.workspaces[name];
          if (!next || name === s.workspace) return {};
          return {
            workspaces: { ...s.workspaces, [s.workspace]: s.layout },
            workspace: name,
            layout: next,
            layoutRevision: s.layoutRevision + 1,
          };
        }),
      addWorkspace: (name, layout) =>
        set((s) => ({
          workspaces: { ...s.workspaces, [s.workspace]: s.layout, [name]: layout },
          workspace: name,
          layout,
          layoutRevision: s.layoutRevision + 1,
        })),
      deleteWorkspace: (name) =>
        set((s) => {
          if (name === s.workspace) return {};
          const workspaces = { ...s.workspaces };
          delete workspaces[name];
          return { workspaces };
        }),
      resetSettings: () => set((s) => ({ ...DEFAULT_SETTINGS, layoutRevision: s.layoutRevision + 1 })),
    }),
    {
      name: SETTINGS_STORAGE_KEY,
      version: 1,
      // Merged per field with what other tabs wrote (settings-sync.ts); read back when it took theirs.
      storage: createJSONStorage(() =>
        mergingStorage(
          () => localStorage,
          () => void useSettings.persist.rehydrate(),
        ),
      ),
      // The rebuild counter lives for the page only.
      partialize: ({ layoutRevision: _, ...rest }) => rest,
      // A saved object from an older version may lack newer fields: defaults fill them in.
      merge: (saved, current) => {
        const s = (saved ?? {}) as Partial<SettingsState>;
        const layout = mergeLayout(current.layout, s.layout);
        const workspace = typeof s.workspace === 'string' && s.workspace !== '' ? s.workspace : DEFAULT_WORKSPACE;
        const workspaces = Object.fromEntries(
          Object.entries(typeof s.workspaces === 'object' && s.workspaces !== null ? s.workspaces : {}).map(
            ([name, saved]) => [name, mergeLayout(current.layout, saved)],
          ),
        );
        return {
          ...current,
          ...s,
          layoutRevision: current.layoutRevision,
          theme: mergeTheme(current.theme, s.theme),
          layout,
          workspace,
          // A layout saved before workspaces existed becomes the current (Default) workspace's.
          workspaces: { ...workspaces, [workspace]: workspaces[workspace] ?? layout },
          journal: { ...current.journal, ...s.journal },
          alerts: { ...current.alerts, ...s.alerts },
          sounds: mergeSounds(s.sounds),
          numberLocale: typeof s.numberLocale === 'string' ? s.numberLocale : current.numberLocale,
        };
      },
    },
  ),
);
