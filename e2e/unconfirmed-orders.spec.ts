import { expect, test, type Page } from '@playwright/test';
import type { Simulator } from '../sim/index';
import { expectStatus, importProfile } from './support/dashboard';
import { startPausedSimulator, writeProfile, zdexConnection } from './support/simulator';

/**
 * A restored open order its venue has not confirmed is marked "unconfirmed" in the Orders table, with
 * why in its tooltip; ZDEX's full state (a complete list of open orders) then settles it: an order it
 * does not list is gone (store/journal/reconcile.ts).
 */

let sim: Simulator;
test.beforeEach(async () => {
  sim = await startPausedSimulator();
});
test.afterEach(async () => {
  await sim.stop();
});

/** Puts an open order ZDEX never had into the journal (as if it was open when the page closed). */
async function seedOpenOrder(page: Page, orderId: string): Promise<void> {
  await page.evaluate(async (orderId) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('venueboard-journal');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('orders', 'readwrite');
      tx.objectStore('orders').put({
        connectionId: 'zdex-main',
        orderId,
        symbol: 'BTCUSDT',
        side: 'buy',
        type: 'limit',
        status: 'open',
        price: '1000',
        quantity: '0.001',
        updatedAt: Date.now() - 60_000,
      });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, orderId);
}

test('a restored open order shows "unconfirmed" until the venue lists its open orders, which drops it', async ({
  page,
}) => {
  await page.goto('/');
  await importProfile(page, writeProfile([zdexConnection(sim)]));
  await expectStatus(page, 'zdex-main', 'live');
  await seedOpenOrder(page, 'e2e-restored');
  // After the reload the pasted token is gone (no vault): the connection waits, the venue says nothing.
  await page.reload();
  const row = page.locator('[data-testid="order-row"][data-row-id="zdex-main|e2e-restored"]');
  const mark = row.getByTestId('order-unconfirmed');
  await expect(mark).toHaveText('unconfirmed');
  await expect(mark).toHaveAttribute('title', /has not confirmed yet that it is still open/);
  // The only order: the account has not traded (the simulator is paused).
  await expect(page.getByTestId('order-row')).toHaveCount(1);
  // With the token again, ZDEX's full state lists no such order: it is no longer shown.
  await importProfile(page, writeProfile([zdexConnection(sim)]));
  await expectStatus(page, 'zdex-main', 'live');
  await expect(row).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('order-unconfirmed')).toHaveCount(0);
});
