import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import type { Snapshot } from '../../src/store/snapshot';

export async function importProfile(page: Page, profilePath: string): Promise<void> {
  await page.getByTestId('import-connections').setInputFiles(profilePath);
  await expect(page.getByTestId('import-result')).toBeVisible();
}

export function connectionRow(page: Page, id: string): Locator {
  return page.locator(`[data-testid="connection-row"][data-row-id="${id}"]`);
}

/** Opens the row's Actions menu and picks the item with `testId` (Edit, Reconnect, Record…). */
export async function rowAction(row: Locator, testId: string): Promise<void> {
  await row.getByTestId('connection-actions').click();
  await row.getByTestId(testId).click();
}

export function connectionStatus(page: Page, id: string): Locator {
  return connectionRow(page, id).getByTestId('connection-status');
}

export async function expectStatus(page: Page, id: string, status: string, timeout = 20_000): Promise<void> {
  await expect(connectionStatus(page, id)).toHaveAttribute('data-status', status, { timeout });
}

async function download(page: Page, testId: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await file.path();
  return readFileSync(path, 'utf8');
}

export async function exportSnapshot(page: Page): Promise<Snapshot> {
  return JSON.parse(await download(page, 'export-snapshot')) as Snapshot;
}

export async function exportText(page: Page, testId: string): Promise<string> {
  return download(page, testId);
}

/** How many times the connection has reconnected so far (its row's status carries the count). */
export async function reconnectCount(page: Page, id: string): Promise<number> {
  return Number((await connectionStatus(page, id).getAttribute('data-reconnects')) ?? 0);
}

/**
 * The connection went down and is live again: its reconnect count grew past `before` and it is live.
 * (A fast reconnect can happen between two animation frames, so "not live" may never be on screen.)
 */
export async function expectReconnected(page: Page, id: string, before: number, timeout = 30_000): Promise<void> {
  await expect.poll(() => reconnectCount(page, id), { timeout }).toBeGreaterThan(before);
  await expectStatus(page, id, 'live', timeout);
}
