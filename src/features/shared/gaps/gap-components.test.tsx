import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { GapRecord } from '../../../domain/types';
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
