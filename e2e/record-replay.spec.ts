import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { connectionRow, expectStatus, exportSnapshot, importProfile, rowAction } from './support/dashboard';
import { writeProfile } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/**
 * Record and replay in the browser (docs/record-replay.md): a ZDEX connection on the demo stack is
 * recorded for a few seconds of trading and downloaded; after a reload the file is dropped on the
 * Replay control at max speed, and the replay row's fills equal the ones the live row showed.
 */

let stack: DemoStack;
test.beforeEach(async () => {
  stack = await startDemoStack({ activityMs: 150 });
});
test.afterEach(async () => {
  await stack.stop();
});

type Fill = { connectionId?: string; symbol?: string; side?: string; quantity?: string; price?: string; time?: number };
const fillKeys = (fills: Fill[], connectionId: string) =>
  fills
    .filter((f) => f.connectionId === connectionId)
    .map((f) => `${f.symbol} ${f.side} ${f.quantity} @ ${f.price} t${f.time}`)
    .sort();

test('record a ZDEX connection, download, reload, drop the file: the replay shows the recorded fills', async ({
  page,
}) => {
  const { sim } = stack;
  const zdex = stack.profile.connections.find((c) => c.id === 'zdex-main')!;
  sim.pause();
  await page.goto('/');
  await importProfile(page, writeProfile([zdex]));
  await expectStatus(page, 'zdex-main', 'live');

  const row = connectionRow(page, 'zdex-main');
  await rowAction(row, 'record-connection');
  await expect(row.getByTestId('record-connection')).toHaveAttribute('aria-checked', 'true');
  sim.resume();
  await expect(page.getByTestId('fill-row').first()).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(4_000);
  sim.pause();
  // Quiet, so the live rows and the recording hold the same frames.
  await page.waitForTimeout(1_500);
  const live = fillKeys((await exportSnapshot(page)).fills, 'zdex-main');
  expect(live.length).toBeGreaterThan(0);
  await rowAction(row, 'record-connection');
  const [download] = await Promise.all([page.waitForEvent('download'), rowAction(row, 'download-recording')]);
  const path = await download.path();
  const recording = readFileSync(path, 'utf8');
  expect(recording.split('\n')[0]).toContain('"format":"venueboard-recording"');
  // The credential went out in the auth frame; it is not in the file.
  expect(recording.includes(String(zdex.auth.token))).toBe(false);

  await page.reload();
  // The pasted token is not kept across a reload: the live row waits for it, and only the replay runs.
  await expect(connectionRow(page, 'zdex-main')).toBeVisible();
  await page.getByTestId('replay-speed').selectOption('max');
  // Drop the file on the Replay control, as a user dragging it from the file manager.
  const transfer = await page.evaluateHandle(
    ({ text, name }) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type: 'application/x-ndjson' }));
      return data;
    },
    { text: recording, name: download.suggestedFilename() },
  );
  await page.getByTestId('replay-drop').dispatchEvent('drop', { dataTransfer: transfer });

  const replayRow = page.locator('[data-testid="connection-row"][data-row-id^="replay-"]');
  await expect(replayRow).toHaveCount(1);
  // The recording is over: the replay row is disconnected (nothing more will come).
  await expect(replayRow.getByTestId('connection-status')).toHaveAttribute('data-status', 'disconnected', {
    timeout: 30_000,
  });
  const replayId = (await replayRow.getAttribute('data-row-id'))!;
  await expect
    .poll(async () => fillKeys((await exportSnapshot(page)).fills, replayId), { timeout: 15_000, intervals: [1_000] })
    .toEqual(live);

  // A replay row can be removed; it takes its rows with it.
  await replayRow.getByTestId('remove-replay').click();
  await expect(replayRow).toHaveCount(0);
});
