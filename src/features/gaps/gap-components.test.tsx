import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { GapRecord } from '../../domain/types';
import { connectionGapView } from '../../store/gap-selectors';
import { ConnectionGapCellView } from './connection-gap-cell';
import { ConnectionGapsDetailView } from './connection-gaps-detail';
import { GapNoticeView } from './gap-notice';
import { panelGapLines } from './panel-gaps';
import { StandbyBadge } from './standby-badge';

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
const cell = (gaps: GapRecord[], fault?: Parameters<typeof ConnectionGapCellView>[0]['fault']) =>
  renderToStaticMarkup(<ConnectionGapCellView view={connectionGapView(gaps, NOW)} fault={fault} now={NOW} />);

describe('the connection row', () => {
  it('says an open gap in words, with the record on data attributes', () => {
    const html = cell([gap({ to: null, recovered: 'pending', cause: 'socket closed (1006)' })]);
    expect(html).toContain('data-testid="connection-gap"');
    expect(html).toContain('data-state="open"');
    expect(html).toContain('data-recovered="pending"');
    expect(html).toContain(`data-from="${at(14, 2, 11)}" data-to=""`);
    expect(html).toContain('not live since 14:02:11');
    expect(html).toContain('cause: socket closed (1006)');
  });

  it('shows the newest gap needing attention and how many more', () => {
    const html = cell([gap({ from: at(13, 0, 0), to: at(13, 0, 5) }), gap({ recovered: 'pending' })]);
    expect(html).toContain('recovering 14:02:11–14:02:19…');
    expect(html).toContain('data-more="1"');
    expect(text(html)).toContain('recovering 14:02:11–14:02:19… (+1 more)');
  });

  it('a full recovery is a quiet mark; no gap at all shows a dash', () => {
    const html = cell([gap({ recovered: 'full' })]);
    expect(html).toContain('data-recovered="full"');
    expect(html).toContain('recovered 14:02:11–14:02:19');
    expect(cell([])).not.toContain('connection-gap');
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

describe('the gap list of a connection', () => {
  it('lists every record newest first with its cause and detail, as text', () => {
    const html = renderToStaticMarkup(
      <ConnectionGapsDetailView
        label="ZDEX perps"
        gaps={[
          gap({ from: at(13, 0, 0), to: at(13, 0, 5), recovered: 'full' }),
          gap({ cause: HOSTILE, detail: 'REST answered 503' }),
        ]}
        fault={undefined}
        now={NOW}
        onClose={() => undefined}
      />,
    );
    expect(html).toContain('ZDEX perps: 2 gaps');
    expect(html.indexOf('fills between 14:02:11')).toBeLessThan(html.indexOf('recovered 13:00:00–13:00:05'));
    expect(html).toContain('REST answered 503');
    expect(html).not.toContain('<img');
  });
});

describe('panel notices', () => {
  it('list each gap with its connection, interval and record', () => {
    const byConnection = new Map([['zdex-main', [gap({ detail: HOSTILE })]]]);
    const html = renderToStaticMarkup(
      <GapNoticeView panel="fills" lines={panelGapLines(byConnection, 'fills', NOW)} now={NOW} />,
    );
    expect(html).toContain('data-testid="gap-notice" data-panel="fills" data-count="1"');
    expect(html).toContain('Fills may be incomplete');
    expect(html).toContain('zdex-main: fills between 14:02:11 and 14:02:19 may be missing');
    expect(html).toContain('data-connection-id="zdex-main"');
    expect(html).not.toContain('<img');
  });

  it('say nothing when nothing is missing', () => {
    expect(renderToStaticMarkup(<GapNoticeView panel="positions" lines={[]} now={NOW} />)).toBe('');
  });
});

describe('the standby badge', () => {
  it('names the standby socket status', () => {
    const html = renderToStaticMarkup(<StandbyBadge status="reconnecting" />);
    expect(html).toContain('data-testid="standby-status" data-status="reconnecting"');
    expect(text(html)).toBe('standby: reconnecting');
  });
});
