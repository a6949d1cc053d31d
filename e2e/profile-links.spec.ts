import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { connectionRow, importProfile } from './support/dashboard';
import { startOtherOrigin, type OtherOrigin } from './support/other-origin';
import { writeProfile } from './support/simulator';
import { APP_ORIGIN } from './support/stack';

/**
 * `?profile=` loads a profile from the dashboard's own origin only, and every import names a bad field
 * without quoting it (docs/contract.md section 2). Each test performs the attack against the built app
 * and a real second origin; it fails if a profile from elsewhere is imported or even requested.
 */

/** A profile an attacker would plant: a connection pointing wherever they like. */
const PLANTED = JSON.stringify({
  format: 'venueboard.connections/v1',
  connections: [{ id: 'planted', label: 'Planted', venue: 'zdex', url: 'ws://127.0.0.1:9/ws', auth: {}, options: {} }],
});

let other: OtherOrigin;
/** Every request the page made to the other origin. */
let leaked: string[];

test.beforeEach(async ({ page }) => {
  // On 127.0.0.1, which the CSP's connect-src allows (the keyring relay lives there): only the link
  // rules stand between the dashboard and this server.
  other = await startOtherOrigin({ '/p.json': { type: 'application/json', body: PLANTED } });
  leaked = [];
  page.on('request', (request) => {
    if (request.url().startsWith(other.origin)) leaked.push(request.url());
  });
});
test.afterEach(async () => {
  await other.stop();
});

async function openLink(page: Page, query: string) {
  await page.goto(`/?${query}`);
  const notice = page.getByTestId('profile-link-notice');
  await expect(notice).toBeVisible();
  return notice;
}

test('a link to a profile on the same origin is imported (the control for the refusals below)', async ({ page }) => {
  await page.route(`${APP_ORIGIN}/shared/desk.json`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: PLANTED }),
  );
  await page.goto('/?profile=/shared/desk.json');
  await expect(connectionRow(page, 'planted')).toHaveCount(1);
  await expect(page.getByTestId('profile-link-notice')).toHaveCount(0);
});

test('links to another origin, in every spelling, are refused: nothing requested, nothing imported, the link not quoted', async ({
  page,
}) => {
  const host = `127.0.0.1:${other.port}`;
  const spellings = [
    `${other.origin}/p.json`,
    `//${host}/p.json`,
    `///${host}/p.json`,
    `\\\\${host}/p.json`,
    `/\\${host}/p.json`,
    `\\/${host}/p.json`,
    `/%2f${host}/p.json`,
    `/%2F${host}/p.json`,
    `/%5c${host}/p.json`,
    `/%252f${host}/p.json`,
    `/\t/${host}/p.json`,
    `/\n/${host}/p.json`,
    `HTTP:${host}/p.json`,
    `javascript:fetch('${other.origin}/p.json')`,
    `data:application/json,${encodeURIComponent(PLANTED)}`,
  ];
  const queries = [
    ...spellings.map((s) => `profile=${encodeURIComponent(s)}`),
    // Also as someone would type them into the address bar, unencoded.
    `profile=//${host}/p.json`,
    `profile=/\\${host}/p.json`,
    `profile=%2F%2F${host}/p.json`,
    `profile=/demo-profile.json&profile=//${host}/p.json`,
  ];
  for (const query of queries) {
    const notice = await openLink(page, query);
    await expect(notice, query).toHaveAttribute('data-state', 'refused');
    await expect(notice, query).toContainText('Profile link refused');
    await expect(notice, query).toContainText('Nothing was loaded');
    await expect(notice, query).not.toContainText(String(other.port));
    await expect(page.getByTestId('connection-row'), query).toHaveCount(0);
  }
  expect(other.requests).toEqual([]);
  expect(leaked).toEqual([]);
});

test('a same-origin path that redirects to another origin is not followed', async ({ page }) => {
  await page.route(`${APP_ORIGIN}/moved/p.json`, (route) =>
    route.fulfill({ status: 302, headers: { Location: `${other.origin}/p.json` } }),
  );
  const notice = await openLink(page, 'profile=/moved/p.json');
  await expect(notice).toHaveAttribute('data-state', 'failed');
  await expect(notice).toContainText('redirect');
  await expect(page.getByTestId('connection-row')).toHaveCount(0);
  expect(other.requests).toEqual([]);
  expect(leaked).toEqual([]);
});

/** Strings an attacker would plant in a profile field, hoping they reach the page as markup or a log. */
const SECRET = 'sk-live-9c2f4e7a1b3d5608';
const MARKUP = '<img src=x onerror="window.__pwned=1">';
const HOSTILE = {
  format: 'venueboard.connections/v1',
  connections: [
    { id: MARKUP, venue: 'zdex', url: `wss://x/${SECRET}`, auth: { token: SECRET } },
    {
      id: 'rails-x',
      venue: 'rails',
      url: 'wss://x',
      auth: { keyring: { url: `http://evil.example/${MARKUP}`, id: 'rails-x', token: SECRET } },
    },
    { id: 'cs-x', venue: 'coinswitch', url: MARKUP, auth: { apiKey: SECRET, expires: MARKUP, signature: SECRET } },
  ],
};

async function expectNothingQuoted(page: Page) {
  const html = await page.content();
  expect(html).not.toContain(SECRET);
  expect(html).not.toContain('sk-live');
  expect(html).not.toContain('onerror');
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
}

test('a profile file with bad fields names each field and never shows the values', async ({ page }) => {
  await page.goto('/');
  const path = writeProfile(HOSTILE.connections as never);
  await importProfile(page, path);
  const problems = page.getByTestId('import-problems');
  await expect(problems).toContainText('connections[0].id: must be lower-case letters');
  await expect(problems).toContainText('connections[1].auth.keyring.url: must be the relay');
  await expect(problems).toContainText('connections[2].url: must be a ws:// or wss:// URL');
  await expect(problems).toContainText('connections[2].auth.expires: must be the expires');
  await expect(page.getByTestId('connection-row')).toHaveCount(0);
  await expectNothingQuoted(page);
});

test('a profile file over 1 MiB is refused without being read', async ({ page }) => {
  await page.goto('/');
  // A valid profile padded past 1 MiB with an unknown field: refused for its size, before anything else.
  const path = join(mkdtempSync(join(tmpdir(), 'venueboard-e2e-')), 'big.json');
  writeFileSync(path, JSON.stringify({ ...(JSON.parse(PLANTED) as object), padding: 'x'.repeat(1536 * 1024) }));
  await importProfile(page, path);
  await expect(page.getByTestId('import-problems')).toHaveText('the profile is larger than 1 MiB');
  await expect(page.getByTestId('connection-row')).toHaveCount(0);
});

test('a linked same-origin profile with bad fields is reported over the board the same way', async ({ page }) => {
  await page.route(`${APP_ORIGIN}/hostile.json`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(HOSTILE) }),
  );
  const notice = await openLink(page, 'profile=/hostile.json');
  await expect(notice).toHaveAttribute('data-state', 'loaded');
  await expect(page.getByTestId('profile-link-problems')).toContainText('connections[1].auth.keyring.url');
  await expect(page.getByTestId('connection-row')).toHaveCount(0);
  await expectNothingQuoted(page);
});
