import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { GapRecord } from '../../domain/types';
import { connectionGapView } from '../../store/gap-selectors';
import { ConnectionStatusView } from './connection-status-cell';

const at = (h: number, m: number, s: number) => new Date(2025, 7, 29, h, m, s).getTime();
const NOW = at(14, 5, 0);
/** What the user reads: the markup without its tags. */
const text = (html: string) => html.replace(/<[^>]*>/g, '');
const HOSTILE = '<img src=x onerror="alert(1)">';
const gap = (over: Partial<GapRecord>): GapRecord => ({
  connectionId: 'zdex-main',
  from: at(14, 2, 11),
  to: at(14, 2, 19),
  recovered: 'none',
  ...over,
});
type Row = Parameters<typeof ConnectionStatusView>[0]['row'];
const cell = (
  gaps: GapRecord[],
  fault?: Parameters<typeof ConnectionStatusView>[0]['fault'],
  row: Row = { status: 'live' },
) =>
  renderToStaticMarkup(<ConnectionStatusView row={row} view={connectionGapView(gaps, NOW)} fault={fault} now={NOW} />);

describe('the connection row', () => {
  it('says an open gap in words, then why the connection is not live, with the record on data attributes', () => {
    const html = cell([gap({ to: null, recovered: 'pending', cause: 'socket closed (1006)' })], undefined, {
      status: 'reconnecting',
      reason: 'could not connect (1006); retrying in 1.2 s',
    });
    expect(html).toContain('data-testid="connection-gap"');
    expect(html).toContain('data-state="open"');
    expect(html).toContain('data-recovered="pending"');
    expect(html).toContain(`data-from="${at(14, 2, 11)}" data-to=""`);
    expect(html).toContain('cause: socket closed (1006)');
    expect(text(html)).toBe('reconnecting⚠ not live since 14:02:11could not connect (1006); retrying in 1.2 s');
    expect(html).toContain('data-testid="connection-status" data-status="reconnecting"');
  });

  it('says possibly missing fills with both ends of the interval; the full sentence in the tooltip', () => {
    const html = cell([gap({ recovered: 'partial', detail: 'two fills may be missing' })]);
    expect(text(html)).toBe('live⚠ fills 14:02:11–14:02:19 may be missing');
    expect(html).toContain('title="fills between 14:02:11 and 14:02:19 may be missing\nrecovered in part');
    expect(html).toContain('two fills may be missing');
  });

  it('shows the standby socket next to the status', () => {
    const html = cell([], undefined, { status: 'live', standbyStatus: 'reconnecting' });
    expect(html).toContain('data-testid="standby-status" data-status="reconnecting"');
    expect(text(html)).toBe('livestandby: reconnecting');
    expect(cell([])).not.toContain('standby-status');
  });

  it('shows the newest gap needing attention and how many more', () => {
    const html = cell([gap({ from: at(13, 0, 0), to: at(13, 0, 5) }), gap({ recovered: 'pending' })]);
    expect(html).toContain('recovering 14:02:11–14:02:19…');
    expect(html).toContain('data-more="1"');
    expect(text(html)).toContain('recovering 14:02:11–14:02:19… (+1 more)');
  });

  it('a full recovery is a quiet mark; no gap at all says nothing more than the status', () => {
    const html = cell([gap({ recovered: 'full' })]);
    expect(html).toContain('data-recovered="full"');
    expect(text(html)).toBe('live✓ recovered 14:02:11–14:02:19');
    expect(text(cell([]))).toBe('live');
  });

  it('renders cause, detail and an apply fault as text, never as markup', () => {
    const html = cell([gap({ cause: HOSTILE, detail: HOSTILE })], {
      count: 3,
      message: `a fill event could not be applied (${HOSTILE}); skipped`,
      time: NOW,
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(html).toContain('data-testid="apply-faults" data-count="3"');
    expect(html).toContain('3 events could not be applied; latest 14:05:00');
  });
});
