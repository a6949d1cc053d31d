import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { OrderStatusView, UNCONFIRMED_TITLE } from './order-status-cell';

// Which orders are unconfirmed is store/journal/reconcile.ts `isUnconfirmedRestored` (tested in src/store/journal).
describe('the Orders table status cell', () => {
  it('marks a restored open order its venue has not confirmed, with why in the tooltip', () => {
    const html = renderToStaticMarkup(<OrderStatusView status="open" unconfirmed />);
    expect(html).toContain('data-status="open"');
    expect(html).toContain('data-testid="order-unconfirmed"');
    expect(html).toContain('>unconfirmed<');
    expect(html).toContain(`title="${UNCONFIRMED_TITLE}"`);
  });

  it('shows the status alone otherwise', () => {
    const html = renderToStaticMarkup(<OrderStatusView status="open" unconfirmed={false} />);
    expect(html).toContain('data-status="open"');
    expect(html).not.toContain('unconfirmed');
  });
});
