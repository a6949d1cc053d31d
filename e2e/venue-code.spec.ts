import { expect, test } from '@playwright/test';
import { expectStatus, importProfile } from './support/dashboard';
import { writeProfile } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/**
 * The ingest worker fetches a venue's code when a connection of that venue first needs it: a board
 * with one ZDEX connection loads one venue chunk; adding a Rails connection loads a second. Every
 * script the page and its worker fetch is seen through the browser context.
 */
let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack({ activityMs: 1_000 });
});
test.afterAll(async () => {
  await stack.stop();
});

test("the worker loads a venue's code only once a connection of that venue exists", async ({ context, page }) => {
  test.setTimeout(120_000);
  const venueChunks: string[] = [];
  context.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (/\/assets\/adapter-[\w-]+\.js$/.test(path)) venueChunks.push(path);
  });
  await page.goto('/');
  await expect(page.getByTestId('welcome')).toBeVisible();
  expect(venueChunks).toEqual([]);

  const zdex = stack.profile.connections.find((c) => c.venue === 'zdex')!;
  const rails = stack.profile.connections.find((c) => c.venue === 'rails')!;
  await importProfile(page, writeProfile([zdex]));
  await expectStatus(page, zdex.id, 'live', 30_000);
  expect(venueChunks).toHaveLength(1);

  await importProfile(page, writeProfile([zdex, rails]));
  await expectStatus(page, rails.id, 'live', 30_000);
  await expectStatus(page, zdex.id, 'live');
  expect(new Set(venueChunks).size).toBe(2);
});
