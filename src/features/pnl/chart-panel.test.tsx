import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { EquitySample } from '../../store/state';
import { ChartPanelView } from './chart-panel';

const at = (time: number, btcUsd?: string): EquitySample => ({
  time,
  equity: '1000',
  unrealizedPnl: '1',
  realizedPnl: '2',
  perConnection: { a: '1000' },
  ...(btcUsd ? { btcUsd } : {}),
});

/** The panel's markup (Node has no layout, so Recharts draws no SVG here: the browser suite checks that). */
function render(history: EquitySample[], currency: 'USD' | 'BTC', view: 'equity' | 'pnl' = 'equity'): string {
  return renderToStaticMarkup(
    <ChartPanelView
      history={history}
      range="5m"
      currency={currency}
      view={view}
      onRange={() => undefined}
      onView={() => undefined}
    />,
  );
}

describe('ChartPanel', () => {
  it('says how many samples it draws, in which range and currency, with every range button', () => {
    const html = render([at(1_000), at(2_000), at(3_000)], 'USD');
    expect(html).toContain(
      'data-testid="chart-equity" data-points="3" data-range="5m" data-currency="USD" data-series="2"',
    );
    expect(html).toContain('3 samples · 3 drawn · USD');
    for (const r of ['5m', '1h', '1d', 'all']) expect(html).toContain(`data-testid="chart-range-${r}"`);
    expect(html).toMatch(/data-testid="chart-range-5m" aria-pressed="true"/);
    expect(html).not.toContain('chart-btc-missing');
    expect(render([at(1_000), at(2_000)], 'USD', 'pnl')).toContain(
      'data-testid="chart-pnl" data-points="2" data-range="5m" data-currency="USD" data-series="2"',
    );
  });

  it('in BTC says how many samples have no BTC price and are left out', () => {
    const html = render([at(1_000), at(2_000, '50000'), at(3_000, '50000'), at(4_000)], 'BTC');
    expect(html).toContain('data-testid="chart-btc-missing"');
    expect(html).toContain('2 of 4 samples have no BTC price and are left out');
    expect(html).toContain('data-points="2"');
  });

  it('without a BTC price at all it explains the empty chart', () => {
    const html = render([at(1_000), at(2_000)], 'BTC');
    expect(html).toContain('data-points="0"');
    expect(html).toContain('No BTC price in this range yet');
  });
});
