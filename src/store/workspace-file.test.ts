import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT } from './layout-settings';
import { parseWorkspaceFile, workspaceFileText, WORKSPACE_LIMITS } from './workspace-file';

const PANELS = ['positions', 'fills'];
const dock = {
  grid: { root: { type: 'branch', data: [{ type: 'leaf', data: { views: ['fills'], id: '1' } }] } },
  panels: { fills: { id: 'fills', contentComponent: 'panel', title: 'Fills' } },
};

describe('workspace files', () => {
  it('reads back what it writes', () => {
    const layout = {
      ...DEFAULT_LAYOUT,
      hidden: ['positions'],
      dock,
      columns: { Fills: { sizing: { fee: 80 }, visibility: { fee: false }, order: ['side'] } },
    };
    const parsed = parseWorkspaceFile(workspaceFileText('Desk', layout), PANELS);
    expect(parsed).toEqual({ ok: true, workspace: { format: 'venueboard.workspace/v1', name: 'Desk', layout } });
  });

  it('refuses unknown panels, other components, bad names and sizes, and never quotes the file', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const text = JSON.stringify({
      format: 'venueboard.workspace/v1',
      name: `a\u0007${evil}`,
      layout: {
        ...DEFAULT_LAYOUT,
        dock: { ...dock, panels: { ...dock.panels, [evil.slice(1, 4)]: { id: 'img', contentComponent: 'script' } } },
        columns: { Fills: { sizing: { fee: 1e9 }, visibility: {}, order: [] } },
      },
    });
    const parsed = parseWorkspaceFile(text, PANELS);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const all = parsed.problems.join('\n');
    expect(all).toContain('name must not contain control characters');
    expect(all).toContain('must be "panel"');
    expect(all).toContain('at most 2000');
    expect(all).not.toContain('onerror');
  });

  it('refuses what is not JSON, too large, or nested too deeply', () => {
    expect(parseWorkspaceFile('{', PANELS)).toMatchObject({ ok: false });
    expect(parseWorkspaceFile(' '.repeat(WORKSPACE_LIMITS.bytes + 1), PANELS)).toMatchObject({ ok: false });
    let root: object = { type: 'leaf', data: {} };
    for (let i = 0; i < 20; i++) root = { type: 'branch', data: [root] };
    const deep = JSON.stringify({
      format: 'venueboard.workspace/v1',
      name: 'x',
      layout: { ...DEFAULT_LAYOUT, dock: { grid: { root }, panels: {} } },
    });
    const parsed = parseWorkspaceFile(deep, PANELS);
    expect(parsed.ok ? [] : parsed.problems.join()).toContain('nested too deeply');
  });
});
