import type { Page } from '@playwright/test';

/** What the soak reads off the board: the counts panels show in their title bar, each connection's status. */

export interface ConnectionState {
  id: string;
  status: string;
  reconnects: number;
}

/** A panel's count (its title bar's meta: rows listed); NaN when the panel is not on the board. */
export async function panelCount(page: Page, panel: string): Promise<number> {
  const meta = page.getByTestId(`panel-${panel}`).locator('.panel-meta');
  if ((await meta.count()) === 0) return Number.NaN;
  return Number(((await meta.first().textContent()) ?? '').replace(/[^0-9]/g, ''));
}

/** Every order the store holds: the Orders panel switched to All (it lists open orders by default). */
export async function allOrdersCount(page: Page): Promise<number> {
  await page.getByTestId('orders-filter-all').click();
  await page.waitForTimeout(600); // the table follows the store at most 4 times a second
  return panelCount(page, 'orders');
}

export async function connectionStates(page: Page): Promise<ConnectionState[]> {
  const rows = page.getByTestId('connection-row');
  const states: ConnectionState[] = [];
  for (const row of await rows.all()) {
    const status = row.getByTestId('connection-status');
    states.push({
      id: (await row.getAttribute('data-row-id')) ?? '?',
      status: (await status.getAttribute('data-status')) ?? '?',
      reconnects: Number((await status.getAttribute('data-reconnects')) ?? 0),
    });
  }
  return states;
}
