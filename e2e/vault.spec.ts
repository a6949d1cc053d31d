import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';
import { exportSnapshot, exportText, importProfile, rowAction } from './support/dashboard';
import { CONNECTIONS_DB, readBrowserStorage, type BrowserStorage } from './support/browser-storage';
import { writeProfile } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/**
 * Connections persist (docs/contract.md section 2, "Persistence"), in a real Chromium with a real
 * IndexedDB, on the demo stack: five simulators and the keyring relay. The profile has every kind of
 * secret: keyring references (CoinSwitch, Rails), Roxom's older bridge URL with the pairing token in
 * its query, and pasted JWTs (ScaleTrade, ZDEX).
 *
 * - Without the vault, a reload brings the keyring connections back live by themselves; the others
 *   wait for their secret and are never opened.
 * - With the vault, a reload asks for the passphrase once; a wrong one says so; the right one brings
 *   every connection back live.
 * - At every step the browser's storage (every IndexedDB record, localStorage, sessionStorage,
 *   cookies, the URL), the console of the page and of the ingest worker, and the exports are searched
 *   for every secret and the passphrases: the pairing token may appear only inside a whole keyring
 *   reference, nothing else anywhere.
 */

const KEYRING = ['coinswitch-main', 'rails-btc', 'roxom-main'];
const PASTED = ['scaletrade-cfd', 'zdex-main'];
const ALL = [...KEYRING, ...PASTED];
const PASSPHRASE = 'tulip lantern orbit 42';
const NEXT_PASSPHRASE = 'granite meadow quartz 77';

let stack: DemoStack;
test.beforeEach(async () => {
  // Accounts keep trading, slowly: the journal (read whole by readBrowserStorage) stays small.
  stack = await startDemoStack({ activityMs: 1_500 });
});
test.afterEach(async () => {
  await stack.stop();
});

/** The demo profile's secrets: the relay's pairing token and the pasted session JWTs. */
function secrets() {
  const byId = new Map(stack.profile.connections.map((c) => [c.id, c]));
  const keyring = byId.get('rails-btc')!.auth.keyring as { token: string };
  return {
    pairing: keyring.token,
    pasted: [byId.get('scaletrade-cfd')!.auth.token as string, byId.get('zdex-main')!.auth.token as string],
  };
}

/** Every console line of the page and its workers. */
function watchConsole(page: Page): string[] {
  const lines: string[] = [];
  const onConsole = (m: ConsoleMessage) => lines.push(m.text());
  page.on('console', onConsole);
  page.on('worker', (w) => w.on('console', onConsole));
  page.on('pageerror', (e) => lines.push(String(e)));
  return lines;
}

/**
 * No secret and no passphrase anywhere in `storage`, except the pairing token inside a whole keyring
 * reference `{ url, id, token }` (what the contract keeps). Returns how many such references it saw.
 */
function expectNoSecretsStored(storage: BrowserStorage, passphrases: string[]): number {
  const { pairing, pasted } = secrets();
  let kept = 0;
  const withoutKeyrings = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(withoutKeyrings);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const ref = v as Record<string, unknown> | null;
      if (k === 'keyring' && ref && typeof ref === 'object' && ref.token === pairing) {
        expect(Object.keys(ref).sort()).toEqual(['id', 'token', 'url']);
        kept++;
        out[k] = { ...ref, token: '(the keyring reference, kept whole)' };
      } else out[k] = withoutKeyrings(v);
    }
    return out;
  };
  const text = JSON.stringify(withoutKeyrings(storage));
  for (const secret of [pairing, encodeURIComponent(pairing), ...pasted, ...passphrases])
    expect(text.includes(secret), `a secret is stored in the clear (${secret.slice(0, 4)}…)`).toBe(false);
  return kept;
}

function expectNoSecretsIn(what: string, text: string, passphrases: string[]) {
  const { pairing, pasted } = secrets();
  for (const secret of [pairing, ...pasted, ...passphrases])
    expect(text.includes(secret), `${what} holds a secret (${secret.slice(0, 4)}…)`).toBe(false);
}

/** Every connection row's status, and whether its reason says it waits for a pasted secret; one round trip. */
function rowStates(page: Page): Promise<Record<string, string>> {
  return page.locator('[data-testid="connection-row"]').evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((row) => {
        const status = row.querySelector('[data-testid="connection-status"]');
        // The reason is on screen in the row, in words or as a tooltip.
        const titled = [row, ...row.querySelectorAll('[title]')].map((e) => e.getAttribute('title') ?? '');
        const waiting = [row.textContent ?? '', ...titled].some((text) =>
          /waiting for its .+: paste it or unlock the vault/.test(text),
        );
        return [
          row.getAttribute('data-row-id') ?? '',
          `${status?.getAttribute('data-status')}${waiting ? ' (waiting)' : ''}`,
        ];
      }),
    ),
  );
}

/** `live` for the ids in `live`, disconnected and waiting for their secret for those in `waiting`. */
async function expectRows(page: Page, live: string[], waiting: string[] = []) {
  const expected = Object.fromEntries([
    ...live.map((id) => [id, 'live']),
    ...waiting.map((id) => [id, 'disconnected (waiting)']),
  ]);
  await expect.poll(() => rowStates(page), { timeout: 45_000 }).toEqual(expected);
}

async function openVault(page: Page) {
  await page.getByTestId('vault-open').click();
  await expect(page.getByTestId('vault-manager')).toBeVisible();
}

async function closeVault(page: Page) {
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('vault-manager')).toBeHidden();
}

/** Opt in from the Connections panel's Vault button. */
async function createVault(page: Page, passphrase: string) {
  await openVault(page);
  await page.getByTestId('vault-create-passphrase').fill(passphrase);
  await page.getByTestId('vault-create-confirm').fill(passphrase);
  await page.getByTestId('vault-create').click();
  await expect(page.getByTestId('vault-message')).toContainText('Vault created');
  await expect(page.getByTestId('vault-create-passphrase')).toBeHidden();
  await closeVault(page);
  await expect(page.getByTestId('vault-open')).toHaveAttribute('data-phase', 'unlocked');
}

async function vaultRecord(page: Page) {
  const storage = await readBrowserStorage(page);
  return storage.indexedDB[CONNECTIONS_DB]?.vault ?? [];
}

test('without the vault: keyring connections come back live by themselves after a reload, pasted ones wait unopened, nothing secret is stored but the keyring references', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const console = watchConsole(page);
  await page.goto('/');
  await importProfile(page, writeProfile(stack.profile.connections));
  await expectRows(page, ALL);
  await expect(page.getByTestId('vault-open')).toHaveAttribute('data-phase', 'absent');

  await page.reload();
  await expectRows(page, KEYRING, PASTED);
  await expect(page.getByTestId('vault-unlock-dialog')).toBeHidden(); // no vault, nothing to ask
  // The worker was never told about the waiting ones: the snapshot (the worker's diagnostics) has only the keyring ones.
  const snapshot = await exportSnapshot(page);
  expect(snapshot.connections.map((c) => c.id).sort()).toEqual(KEYRING);
  await expect(page.getByTestId('live-connections')).toHaveAttribute('data-total', '5');

  const storage = await readBrowserStorage(page);
  expect(expectNoSecretsStored(storage, [])).toBe(KEYRING.length);
  const saved = storage.indexedDB[CONNECTIONS_DB]?.saved?.[0]?.value as { connections: { id: string; url: string }[] };
  expect(saved.connections.map((c) => c.id)).toEqual(stack.profile.connections.map((c) => c.id));
  expect(saved.connections.find((c) => c.id === 'roxom-main')?.url).toMatch(/\/ws\/roxom-main$/); // the token is in the keyring reference only
  // The settings (layout, workspaces, alerts...) hold no connection: not one id or address.
  const settings = storage.localStorage['venueboard.settings'] ?? '';
  for (const c of stack.profile.connections) {
    expect(settings).not.toContain(c.id);
    expect(settings).not.toContain(new URL(c.url).host);
  }

  // Pasting the token again (Edit) connects it.
  const zdex = stack.profile.connections.find((c) => c.id === 'zdex-main')!;
  await rowAction(page.locator('[data-testid="connection-row"][data-row-id="zdex-main"]'), 'edit-connection');
  await page.getByTestId('connection-form-token').fill(zdex.auth.token as string);
  await page.getByTestId('connection-form-submit').click();
  await expectRows(page, [...KEYRING, 'zdex-main'], ['scaletrade-cfd']);

  expectNoSecretsIn('the console', console.join('\n'), []);
});

test('the vault: opt in, reload, the passphrase once (a wrong one says so), every connection live; no secret or passphrase stored, logged or exported', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const console = watchConsole(page);
  const passphrases = [PASSPHRASE];
  await page.goto('/');
  await importProfile(page, writeProfile(stack.profile.connections));
  await expectRows(page, ALL);

  await createVault(page, PASSPHRASE);

  // What is stored: ciphertext, a 16-byte salt, a 12-byte IV, at least 600,000 iterations, a version.
  const [record] = await vaultRecord(page);
  const sealed = record?.value as Record<string, unknown>;
  expect(sealed).toMatchObject({ version: 1, kdf: 'PBKDF2-SHA-256', cipher: 'AES-GCM-256' });
  expect(sealed.iterations).toBeGreaterThanOrEqual(600_000);
  expect((sealed.salt as { $bytes: string }).$bytes).toHaveLength(16);
  expect((sealed.iv as { $bytes: string }).$bytes).toHaveLength(12);
  expect(expectNoSecretsStored(await readBrowserStorage(page), passphrases)).toBe(KEYRING.length);

  // Reload: keyring connections come back by themselves; the dialog asks for the passphrase.
  await page.reload();
  const dialog = page.getByTestId('vault-unlock-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`${PASTED.length} connections wait`);
  await expectRows(page, KEYRING, PASTED);

  // A wrong passphrase: said clearly; nothing connects; the dialog stays.
  await page.getByTestId('vault-unlock-passphrase').fill('tulip lantern orbit 43');
  await page.getByTestId('vault-unlock-submit').click();
  await expect(page.getByTestId('vault-unlock-error')).toContainText('wrong passphrase');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('vault-unlock-passphrase')).toHaveValue('');
  await expectRows(page, KEYRING, PASTED);

  // The right one: every connection live, the dialog gone for good.
  await page.getByTestId('vault-unlock-passphrase').fill(PASSPHRASE);
  await page.getByTestId('vault-unlock-submit').click();
  await expect(dialog).toBeHidden();
  await expectRows(page, ALL);
  await expect(page.getByTestId('vault-open')).toHaveAttribute('data-phase', 'unlocked');
  expect(expectNoSecretsStored(await readBrowserStorage(page), passphrases)).toBe(KEYRING.length);

  // Exports: the profile without secrets and the snapshot hold neither a secret nor the passphrase.
  expectNoSecretsIn('the profile export', await exportText(page, 'export-connections'), passphrases);
  expectNoSecretsIn('the snapshot', JSON.stringify(await exportSnapshot(page)), passphrases);
  expectNoSecretsIn('the page URL', page.url(), passphrases);
  expectNoSecretsIn('the console', console.join('\n'), passphrases);
});

test('change the passphrase, lock (connections keep running), a reload where the old passphrase is wrong and "Not now" leaves them waiting, the Vault button unlocks, forget deletes the vault', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const console = watchConsole(page);
  const passphrases = [PASSPHRASE, NEXT_PASSPHRASE];
  await page.goto('/');
  await importProfile(page, writeProfile(stack.profile.connections));
  await expectRows(page, ALL);
  await createVault(page, PASSPHRASE);
  const [record] = await vaultRecord(page);
  const sealed = record?.value as Record<string, unknown>;
  const dialog = page.getByTestId('vault-unlock-dialog');

  // Change the passphrase: the record is encrypted again under a new salt.
  await openVault(page);
  await page.getByTestId('vault-change-current').fill(PASSPHRASE);
  await page.getByTestId('vault-change-next').fill(NEXT_PASSPHRASE);
  await page.getByTestId('vault-change-confirm').fill(NEXT_PASSPHRASE);
  await page.getByTestId('vault-change').click();
  await expect(page.getByTestId('vault-message')).toContainText('Passphrase changed');
  const [changed] = await vaultRecord(page);
  const rekeyed = changed?.value as Record<string, { $bytes: string }>;
  expect(rekeyed.salt!.$bytes).not.toBe((sealed.salt as { $bytes: string }).$bytes);
  expect(rekeyed.iv!.$bytes).not.toBe((sealed.iv as { $bytes: string }).$bytes);

  // Lock: the key is forgotten, the running connections go on (until a reload).
  await page.getByTestId('vault-lock').click();
  await expect(page.getByTestId('vault-manager')).toHaveAttribute('data-phase', 'locked');
  await closeVault(page);
  await expectRows(page, ALL);

  // Reload: the old passphrase is now wrong; "Not now" leaves the pasted ones waiting.
  await page.reload();
  await expect(dialog).toBeVisible();
  await page.getByTestId('vault-unlock-passphrase').fill(PASSPHRASE);
  await page.getByTestId('vault-unlock-submit').click();
  await expect(page.getByTestId('vault-unlock-error')).toContainText('wrong passphrase');
  await page.getByTestId('vault-unlock-later').click();
  await expect(dialog).toBeHidden();
  await expectRows(page, KEYRING, PASTED);
  // The Vault button unlocks later, with the new passphrase.
  await openVault(page);
  await page.getByTestId('vault-passphrase').fill(NEXT_PASSPHRASE);
  await page.getByTestId('vault-unlock').click();
  await expect(page.getByTestId('vault-message')).toContainText(`${PASTED.length} connections got their secret back`);
  await closeVault(page);
  await expectRows(page, ALL);
  await expect(dialog).toBeHidden();

  // Forget: the record is deleted; after a reload nothing asks, the pasted ones wait again.
  await openVault(page);
  await page.getByTestId('vault-forget').click();
  await page.getByTestId('vault-forget-confirm').click();
  await expect(page.getByTestId('vault-manager')).toHaveAttribute('data-phase', 'absent');
  await closeVault(page);
  expect(await vaultRecord(page)).toEqual([]);
  await page.reload();
  await expectRows(page, KEYRING, PASTED);
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('vault-open')).toHaveAttribute('data-phase', 'absent');

  const storage = await readBrowserStorage(page);
  expect(expectNoSecretsStored(storage, passphrases)).toBe(KEYRING.length);
  expectNoSecretsIn('the page URL', page.url(), passphrases);
  expectNoSecretsIn('the console', console.join('\n'), passphrases);
});
