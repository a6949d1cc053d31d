import { expect, test, type Page } from '@playwright/test';
import type { GapRecord } from '../src/domain/types';
import { gapRowSentence, stateGapLine } from '../src/features/shared/gaps/gap-text';
import { connectionRow, expectStatus, exportSnapshot, importProfile } from './support/dashboard';
import { writeProfile } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/**
 * Gaps on screen: a ZDEX connection dropped (or stalled) while every account of the demo stack trades
 * shows its open gap on its row and in the panels, then the closed one, and what the row says is the
 * snapshot's record. Whatever `recovered` the venue's recovery reports is what must be shown, so the
 * assertions follow the snapshot's record rather than a particular value.
 */

const ZDEX = 'zdex-main';
const OTHERS = ['roxom-main', 'coinswitch-main', 'rails-btc', 'scaletrade-cfd'];

let stack: DemoStack;
test.beforeEach(async () => {
  stack = await startDemoStack({ activityMs: 400 });
});
test.afterEach(async () => {
  await stack.stop();
});

/** What the page showed about one connection's gaps at one moment. */
interface Seen {
  row: { state: string; from: number; to: number | null; recovered: string; text: string } | null;
  /** The panels whose gap notice listed the connection, with the line. */
  panels: Record<string, string>;
  /** `data-gaps` of the connection's PnL summary row. */
  pnlGaps: string | null;
}

/**
 * Records every state the page shows for a connection's gaps, from now on: a gap may be open for
 * less than a second when the reconnect is quick, so a poll could miss it; a MutationObserver sees
 * every committed render.
 */
async function recordGapDisplay(page: Page, id: string): Promise<void> {
  await page.evaluate((connectionId) => {
    const seen: unknown[] = [];
    (window as unknown as { __gapDisplay: unknown[] }).__gapDisplay = seen;
    let last = '';
    const read = () => {
      const mark = document.querySelector(
        `[data-testid="connection-row"][data-row-id="${connectionId}"] [data-testid="connection-gap"]`,
      );
      const panels: Record<string, string> = {};
      for (const panel of ['fills', 'orders', 'positions', 'balances']) {
        const item = document.querySelector(
          `[data-testid="panel-${panel}"] [data-testid="gap-notice-item"][data-connection-id="${connectionId}"]`,
        );
        if (item) panels[panel] = item.textContent ?? '';
      }
      const pnl = document.querySelector(`[data-testid="pnl-summary-row"][data-row-id="${connectionId}"]`);
      const to = mark?.getAttribute('data-to');
      const state = {
        row: mark
          ? {
              state: mark.getAttribute('data-state'),
              from: Number(mark.getAttribute('data-from')),
              to: to ? Number(to) : null,
              recovered: mark.getAttribute('data-recovered'),
              text: mark.textContent,
            }
          : null,
        panels,
        pnlGaps: pnl?.getAttribute('data-gaps') ?? null,
      };
      const json = JSON.stringify(state);
      if (json !== last) seen.push(state);
      last = json;
    };
    new MutationObserver(read).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    read();
  }, id);
}

const seenStates = (page: Page): Promise<Seen[]> =>
  page.evaluate(() => (window as unknown as { __gapDisplay: Seen[] }).__gapDisplay);

/** The gap record the row shows, read from its attributes in one go, and its text. */
function rowGap(page: Page, id: string) {
  return page.evaluate((connectionId) => {
    const mark = document.querySelector(
      `[data-testid="connection-row"][data-row-id="${connectionId}"] [data-testid="connection-gap"]`,
    );
    if (!mark) return null;
    const to = mark.getAttribute('data-to');
    return {
      from: Number(mark.getAttribute('data-from')),
      to: to ? Number(to) : null,
      recovered: mark.getAttribute('data-recovered'),
      text: mark.textContent ?? '',
    };
  }, id);
}

/**
 * The row's record equals the snapshot's newest gap of the connection (the row read right after the
 * export; a record that changed meanwhile is simply read again), and its words are that record's
 * sentence. Returns the record and the connection's status in that snapshot.
 */
async function expectRowMatchesSnapshot(page: Page, id: string): Promise<GapRecord & { status: string }> {
  let matched: (GapRecord & { status: string }) | undefined;
  await expect
    .poll(
      async () => {
        const snapshot = await exportSnapshot(page);
        const row = await rowGap(page, id);
        const connection = snapshot.connections.find((c) => c.id === id);
        const newest = connection?.gaps.at(-1);
        if (!connection || !newest || !row) return `row ${JSON.stringify(row)}, snapshot ${JSON.stringify(newest)}`;
        const record: GapRecord = { connectionId: id, ...newest };
        const sentence = gapRowSentence(record, Date.now());
        const same = row.from === record.from && row.to === record.to && row.recovered === record.recovered;
        if (!same || !row.text.includes(sentence))
          return `row ${JSON.stringify(row)} is not the snapshot's ${JSON.stringify(newest)} ("${sentence}")`;
        matched = { ...record, status: connection.status };
        return 'same';
      },
      { timeout: 90_000, intervals: [500] },
    )
    .toBe('same');
  return matched!;
}

/** Every connection of the demo stack live, and ZDEX's account trading (fills arriving). */
async function openDemo(page: Page): Promise<void> {
  await page.goto('/');
  await importProfile(page, writeProfile(stack.profile.connections));
  for (const id of [ZDEX, ...OTHERS]) await expectStatus(page, id, 'live', 30_000);
  await expect(page.locator(`[data-testid="fill-row"][data-row-id^="${ZDEX}|"]`).first()).toBeAttached({
    timeout: 30_000,
  });
  // Live since it was first live: no gap yet, nothing in any notice.
  await expect(connectionRow(page, ZDEX).getByTestId('connection-gap')).toHaveCount(0);
  await expect(page.locator(`[data-testid="gap-notice-item"][data-connection-id="${ZDEX}"]`)).toHaveCount(0);
}

/** Waits until the gap is closed and its recovery has reported (pending no more). */
async function expectSettled(page: Page, id: string): Promise<void> {
  const mark = connectionRow(page, id).getByTestId('connection-gap');
  await expect(mark).not.toHaveAttribute('data-to', '', { timeout: 30_000 });
  await expect(mark).not.toHaveAttribute('data-recovered', 'pending', { timeout: 30_000 });
}

/** After the gap settled, the panels and the PnL summary say what its record says. */
async function expectPanelsFollow(page: Page, record: GapRecord): Promise<void> {
  const items = (panel: string) =>
    page.locator(`[data-testid="panel-${panel}"] [data-testid="gap-notice-item"][data-connection-id="${ZDEX}"]`);
  const missing = record.recovered !== 'full';
  for (const panel of ['fills', 'orders']) {
    await expect(items(panel)).toHaveCount(missing ? 1 : 0);
    if (missing) {
      await expect(items(panel)).toHaveAttribute('data-from', String(record.from));
      await expect(items(panel)).toHaveAttribute('data-to', String(record.to));
      await expect(items(panel)).toContainText(/may be missing/);
    }
  }
  // Positions and balances are restated by the venue once live: no notice once the recovery is over.
  for (const panel of ['positions', 'balances']) await expect(items(panel)).toHaveCount(0);
  const pnl = page.locator(`[data-testid="pnl-summary-row"][data-row-id="${ZDEX}"]`);
  await expect(pnl).toHaveAttribute('data-gaps', missing ? '1' : '0');
  const realized = pnl.getByTestId('pnl-realized');
  if (missing) {
    await expect(realized).toContainText('⚠');
    await expect(realized).toHaveAttribute('title', new RegExp(`may be incomplete: ${ZDEX} fills between`));
    await expect(pnl.getByTestId('pnl-fees')).toContainText('⚠');
  } else {
    await expect(realized).not.toContainText('⚠');
  }
}

test('a dropped ZDEX connection while the account trades: the open gap on its row and panels, then the closed one, as in the snapshot', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openDemo(page);
  await recordGapDisplay(page, ZDEX);

  // The venue drops the socket and answers nothing for 10 s (its account keeps trading): the
  // reconnect cannot complete meanwhile, so the open gap lasts long enough to be drawn even on a
  // loaded machine (a bare drop can reconnect within one animation frame of a starved page).
  stack.sim.fault({ venue: 'zdex', fault: 'stall', durationMs: 10_000 });
  const outcome = stack.sim.fault({ venue: 'zdex', fault: 'drop' });
  expect(outcome.clients).toBeGreaterThan(0);
  // The recorder keeps every state drawn, so the open gap is seen however the polls fall.
  await expect
    .poll(async () => (await seenStates(page)).some((seen) => seen.row?.state === 'open'), { timeout: 90_000 })
    .toBe(true);
  await expectStatus(page, ZDEX, 'live', 60_000);
  await expectSettled(page, ZDEX);
  const record = await expectRowMatchesSnapshot(page, ZDEX);
  expect(record.to).not.toBeNull();

  // While it lasted, the row said the gap was open, from the moment the record says, and every panel said so.
  const seen = await seenStates(page);
  const open = seen.filter((s) => s.row?.state === 'open');
  expect(open.length).toBeGreaterThan(0);
  const now = Date.now();
  for (const s of open) {
    expect(s.row).toMatchObject({ from: record.from, to: null, recovered: 'pending' });
    expect(s.row?.text).toContain(gapRowSentence({ ...record, to: null, recovered: 'pending' }, now));
  }
  const positionsLine = stateGapLine({ ...record, to: null, recovered: 'pending' }, now, 'positions');
  expect(open.some((s) => s.panels.positions === positionsLine)).toBe(true);
  expect(open.some((s) => s.panels.balances !== undefined && s.panels.fills !== undefined)).toBe(true);
  expect(open.some((s) => s.pnlGaps === '1')).toBe(true);
  // Then closed (the same gap, from unchanged), never open again.
  const lastOpen = seen.lastIndexOf(open.at(-1)!);
  expect(seen.slice(lastOpen + 1).every((s) => s.row?.state !== 'open')).toBe(true);
  expect(seen.at(-1)?.row).toMatchObject({ from: record.from, to: record.to, recovered: record.recovered });

  await expectPanelsFollow(page, record);
  // The gap belongs to ZDEX alone.
  for (const id of OTHERS) await expect(connectionRow(page, id).getByTestId('connection-gap')).toHaveCount(0);

  // The gap list (click on the row's words) gives the cause and what recovery did.
  await connectionRow(page, ZDEX).getByTestId('connection-gap').click();
  const detail = page.getByTestId('connection-gaps-detail');
  await expect(detail.getByTestId('connection-gaps-detail-item')).toHaveCount(1);
  await expect(detail).toContainText(/socket closed/);
});

test('a stalled ZDEX connection while the account trades: open while stale, in the snapshot as shown, then closed', async ({
  page,
}) => {
  test.setTimeout(420_000);
  await openDemo(page);
  await recordGapDisplay(page, ZDEX);

  // The venue keeps the socket open and sends nothing for 42 s (its account keeps trading): stale after
  // 10 s of silence, the socket replaced after 30 s; the new one hears nothing either until the stall
  // ends, and sends its auth on its first heartbeat (15 s after it opened: after the stall). So the gap
  // stays open ~35 s, long enough to export a snapshot while it lasts even on a loaded machine.
  stack.sim.fault({ venue: 'zdex', fault: 'stall', durationMs: 42_000 });
  await expect(connectionRow(page, ZDEX).getByTestId('connection-gap')).toHaveAttribute('data-state', 'open', {
    timeout: 45_000,
  });
  const open = await expectRowMatchesSnapshot(page, ZDEX);
  expect(open).toMatchObject({ to: null, recovered: 'pending' });
  expect(open.status).not.toBe('live');
  const positions = page.locator(
    `[data-testid="panel-positions"] [data-testid="gap-notice-item"][data-connection-id="${ZDEX}"]`,
  );
  await expect(positions).toHaveText(stateGapLine(open, Date.now(), 'positions'));
  await expect(connectionRow(page, ZDEX).getByTestId('connection-gap')).toHaveAttribute('title', /no message for/);

  await expectStatus(page, ZDEX, 'live', 120_000);
  await expectSettled(page, ZDEX);
  const closed = await expectRowMatchesSnapshot(page, ZDEX);
  expect(closed.from).toBe(open.from);
  expect(closed.to).toBeGreaterThanOrEqual(open.from);
  await expectPanelsFollow(page, closed);
  const seen = await seenStates(page);
  expect(seen.some((s) => s.row?.state === 'open' && s.row.from === open.from)).toBe(true);
});
