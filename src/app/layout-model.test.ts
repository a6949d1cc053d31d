import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LAYOUT,
  resetLayout,
  selectTab,
  setPanelCollapsed,
  setPanelHidden,
  type LayoutSettings,
} from '../store/layout-settings';
import { arrangeBoard, type BoardColumn } from './layout-model';
import { AREAS, COLUMNS, PANEL_SPECS, type AreaSpec, type PanelSpec } from './panel-specs';

const columns = [
  { id: 'left' as const, weight: 7 },
  { id: 'right' as const, weight: 5 },
];
const areas: AreaSpec[] = [
  { id: 'a', column: 'left', weight: 1 },
  { id: 'b', column: 'left', weight: 2 },
  { id: 'tabs', column: 'right', weight: 1 },
];
const panels: PanelSpec[] = [
  { id: 'p1', title: 'P1', area: 'a' },
  { id: 'p2', title: 'P2', area: 'b' },
  { id: 't1', title: 'T1', area: 'tabs' },
  { id: 't2', title: 'T2', area: 'tabs' },
];

const arrange = (layout: LayoutSettings) => arrangeBoard(columns, areas, panels, layout);
/** column -> area -> [active panel, collapsed?, panel ids] in a compact form for assertions. */
const outline = (board: BoardColumn[]) =>
  Object.fromEntries(
    board.map((c) => [
      c.id,
      c.areas.map(
        (a) => `${a.id}:${a.activeId}${a.collapsed ? '(collapsed)' : ''}[${a.panels.map((p) => p.id).join(',')}]`,
      ),
    ]),
  );

describe('arrangeBoard', () => {
  it('the default layout shows every panel, the first tab of each area, nothing collapsed', () => {
    expect(outline(arrange(DEFAULT_LAYOUT))).toEqual({ left: ['a:p1[p1]', 'b:p2[p2]'], right: ['tabs:t1[t1,t2]'] });
  });

  it('keeps each area weight and each column weight', () => {
    const board = arrange(DEFAULT_LAYOUT);
    expect(board.map((c) => c.weight)).toEqual([7, 5]);
    expect(board[0]?.areas.map((a) => a.weight)).toEqual([1, 2]);
  });

  it('a hidden panel leaves its area; an area left empty disappears', () => {
    expect(outline(arrange(setPanelHidden(DEFAULT_LAYOUT, 'p1', true)))).toEqual({
      left: ['b:p2[p2]'],
      right: ['tabs:t1[t1,t2]'],
    });
  });

  it('a column with no visible panel disappears (the other takes the width)', () => {
    const layout = setPanelHidden(setPanelHidden(DEFAULT_LAYOUT, 't1', true), 't2', true);
    expect(outline(arrange(layout))).toEqual({ left: ['a:p1[p1]', 'b:p2[p2]'] });
  });

  it('shows the saved tab', () => {
    expect(outline(arrange(selectTab(DEFAULT_LAYOUT, 'tabs', 't2'))).right).toEqual(['tabs:t2[t1,t2]']);
  });

  it('falls back to the first visible tab when the saved one is hidden or unknown', () => {
    const hiddenTab = setPanelHidden(selectTab(DEFAULT_LAYOUT, 'tabs', 't2'), 't2', true);
    expect(outline(arrange(hiddenTab)).right).toEqual(['tabs:t1[t1]']);
    expect(outline(arrange(selectTab(DEFAULT_LAYOUT, 'tabs', 'gone'))).right).toEqual(['tabs:t1[t1,t2]']);
    const firstHidden = setPanelHidden(DEFAULT_LAYOUT, 't1', true);
    expect(outline(arrange(firstHidden)).right).toEqual(['tabs:t2[t2]']);
  });

  it('an area is collapsed when the panel on show is', () => {
    const layout = setPanelCollapsed(setPanelCollapsed(DEFAULT_LAYOUT, 'p2', true), 't2', true);
    expect(outline(arrange(layout))).toEqual({ left: ['a:p1[p1]', 'b:p2(collapsed)[p2]'], right: ['tabs:t1[t1,t2]'] });
    expect(outline(arrange(selectTab(layout, 'tabs', 't2'))).right).toEqual(['tabs:t2(collapsed)[t1,t2]']);
  });

  it('ids saved by another build change nothing', () => {
    const layout: LayoutSettings = {
      hidden: ['old-panel'],
      collapsed: ['old-panel'],
      tabs: { 'old-area': 'p1' },
      columns: {},
    };
    expect(outline(arrange(layout))).toEqual(outline(arrange(DEFAULT_LAYOUT)));
  });

  it('reset brings back the default board from any layout', () => {
    const messy = setPanelCollapsed(selectTab(setPanelHidden(DEFAULT_LAYOUT, 'p1', true), 'tabs', 't2'), 'p2', true);
    expect(outline(arrange(messy))).not.toEqual(outline(arrange(DEFAULT_LAYOUT)));
    expect(outline(arrange(resetLayout()))).toEqual(outline(arrange(DEFAULT_LAYOUT)));
  });
});

describe('the panel registry', () => {
  it('has unique panel and area ids, and every panel sits in a known area', () => {
    const panelIds = PANEL_SPECS.map((p) => p.id);
    expect(new Set(panelIds).size).toBe(panelIds.length);
    const areaIds = new Set(AREAS.map((a) => a.id));
    expect(areaIds.size).toBe(AREAS.length);
    for (const p of PANEL_SPECS) expect(areaIds.has(p.area), p.id).toBe(true);
    const columnIds = new Set(COLUMNS.map((c) => c.id));
    for (const a of AREAS) expect(columnIds.has(a.column), a.id).toBe(true);
  });

  it('every area holds at least one panel', () => {
    for (const a of AREAS)
      expect(
        PANEL_SPECS.some((p) => p.area === a.id),
        a.id,
      ).toBe(true);
  });
});
