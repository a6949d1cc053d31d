import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { GapRecord } from '../../domain/types';
import { buildPriceBook } from '../../domain/valuation/price-book';
import { dailyPnl, fixedOffsetCalendar } from '../../store/pnl-views/daily';
import { DailyPnlView } from './daily-pnl-panel';

const DAY = 24 * 3_600_000;
const NOW = Date.UTC(2025, 2, 12, 10);
const HOSTILE = '<img src=x onerror="alert(1)">';
const gap: GapRecord = {
  connectionId: 'zdex-1',
  from: NOW - DAY,
  to: NOW - DAY + 60_000,
  recovered: 'none',
  cause: HOSTILE,
};
/** Yesterday (an equity sample) and today, newest first as the panel shows them. */
const rowsOf = (gaps: GapRecord[]) =>
  dailyPnl({
    days: [],
    book: buildPriceBook([], new Map(), { stablesAtPar: true }),
    target: 'USD',
    history: [{ time: NOW - DAY, equity: '100', unrealizedPnl: '0', realizedPnl: '0' }],
    gaps,
    now: NOW,
    calendar: fixedOffsetCalendar(0),
  }).reverse();

/** One row's markup, by its day. */
const rowHtml = (html: string, day: string) => {
  const start = html.indexOf(`data-row-id="${day}"`);
  return html.slice(start, html.indexOf('</tr>', start));
};

describe('the daily PnL table', () => {
  it('says "may be incomplete" on the day a gap with possibly missing fills overlaps, and only there', () => {
    const html = renderToStaticMarkup(<DailyPnlView rows={rowsOf([gap])} currency="USD" now={NOW} />);
    expect(rowHtml(html, '2025-03-11')).toContain('may be incomplete');
    expect(rowHtml(html, '2025-03-11')).toContain('data-incomplete="true"');
    expect(rowHtml(html, '2025-03-12')).not.toContain('may be incomplete');
    expect(html).not.toContain('<img');
  });

  it('a gap recovered in full marks nothing', () => {
    const html = renderToStaticMarkup(
      <DailyPnlView rows={rowsOf([{ ...gap, recovered: 'full' }])} currency="USD" now={NOW} />,
    );
    expect(html).not.toContain('may be incomplete');
  });
});
