import { expect, test, type Page } from '@playwright/test';
import { SOUND_PITCH_HZ } from '../src/features/shared/sounds/sound-player';
import { expectStatus, importProfile } from './support/dashboard';
import { writeProfile } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/**
 * Attention, on the demo stack with every account trading: sounds are off until switched on in the
 * settings drawer, then real Web Audio tones play for fills (each OscillatorNode.start is recorded and
 * passed through to Chromium's own), none once switched off again; a dropped socket plays the
 * disconnect and alert tones; the tab title carries the unread count until "Mark read".
 */
let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack({
    activityMs: 400,
    // No notice on a timer: the only notification in this test is the one its fault causes.
    tuning: {
      roxom: { noticeIntervalMs: 0 },
      scaletrade: { alertIntervalMs: 0, notificationIntervalMs: 0 },
      zdex: { notificationIntervalMs: 0 },
    },
  });
});
test.afterAll(async () => {
  await stack.stop();
});

interface Tone {
  hz: number;
  /** The AudioContext's state when the tone started. */
  state: AudioContextState;
  /** performance.now() at start. */
  at: number;
}

const tones = (page: Page, kind: keyof typeof SOUND_PITCH_HZ): Promise<Tone[]> =>
  page.evaluate(
    (hz) => (window as unknown as { __tones: Tone[] }).__tones.filter((t) => t.hz === hz),
    SOUND_PITCH_HZ[kind],
  );
const allTones = (page: Page): Promise<Tone[]> =>
  page.evaluate(() => (window as unknown as { __tones: Tone[] }).__tones);

/** Rows in the Fills panel (its meta): grows while the accounts trade. */
const fillCount = async (page: Page): Promise<number> =>
  Number(await page.getByTestId('panel-fills').locator('.panel-meta').textContent());

async function waitForMoreFills(page: Page, more: number): Promise<void> {
  const before = await fillCount(page);
  await expect.poll(() => fillCount(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(before + more);
}

/** Records every oscillator the page starts, and starts it for real. */
function recordTones(): void {
  const started: { hz: number; state: string; at: number }[] = [];
  (window as unknown as { __tones: typeof started }).__tones = started;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
    started.push({ hz: this.frequency.value, state: this.context.state, at: performance.now() });
    return start.call(this, when);
  };
}

async function setSound(page: Page, kind: string, on: boolean): Promise<void> {
  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('settings-sounds')).toBeVisible();
  await page.getByTestId(`sound-${kind}`).setChecked(on);
  await page.getByTestId('settings-close').click();
  await expect(page.getByTestId('settings-drawer')).not.toBeVisible();
}

test('fill sounds only while switched on, disconnect and alert tones on a drop, the unread count in the title', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.addInitScript(recordTones);
  await page.goto('/');
  await expect(page).toHaveTitle('Venueboard');
  await importProfile(page, writeProfile(stack.profile.connections));
  await page.getByTestId('import-result').getByRole('button').click();
  for (const c of stack.profile.connections) await expectStatus(page, c.id, 'live', 30_000);

  // Sounds are off by default: fills arrive, not a tone.
  await waitForMoreFills(page, 5);
  expect(await allTones(page)).toEqual([]);

  // Fill sounds on (the click is the gesture that makes the AudioContext): tones while the accounts trade.
  await page.getByTestId('settings-open').click();
  for (const kind of ['fills', 'disconnects', 'alerts'])
    await expect(page.getByTestId(`sound-${kind}`)).not.toBeChecked();
  await page.getByTestId('settings-close').click();
  await setSound(page, 'fills', true);
  await expect.poll(async () => (await tones(page, 'fills')).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
  const played = await tones(page, 'fills');
  // Real audio: the context runs (Chromium plays it), and a burst of fills is one tone per 250 ms at most.
  expect(played.every((t) => t.state === 'running')).toBe(true);
  for (let i = 1; i < played.length; i++) expect(played[i]!.at - played[i - 1]!.at).toBeGreaterThan(240);
  // Only the kind switched on sounds.
  expect((await allTones(page)).every((t) => t.hz === SOUND_PITCH_HZ.fills)).toBe(true);

  // Off again: fills keep arriving, no more tones.
  await setSound(page, 'fills', false);
  const heard = (await allTones(page)).length;
  await waitForMoreFills(page, 5);
  expect(await allTones(page)).toHaveLength(heard);

  // The title: nothing unread yet (or marked read), then the drop's alert is one unread notification.
  await page.getByTestId('notifications-mark-read').click();
  await expect(page).toHaveTitle('Venueboard');
  await setSound(page, 'disconnects', true);
  await setSound(page, 'alerts', true);
  const drop = stack.sim.fault({ venue: 'zdex', fault: 'drop' });
  expect(drop.clients).toBe(1);
  const unread = page.getByTestId('notifications-unread');
  await expect(unread).not.toHaveAttribute('data-count', '0', { timeout: 20_000 });
  await expect(page.getByTestId('notification-row').first()).toContainText('Disconnected: zdex-main');
  // Screen readers hear it too (a polite live region in the top bar).
  await expect(page.getByTestId('status-announcer')).toContainText('zdex-main: connection lost, reconnecting');
  const count = await unread.getAttribute('data-count');
  await expect(page).toHaveTitle(`(${count}) Venueboard`);
  await expect.poll(async () => (await tones(page, 'disconnects')).length).toBeGreaterThanOrEqual(1);
  await expect.poll(async () => (await tones(page, 'alerts')).length).toBeGreaterThanOrEqual(1);
  await expectStatus(page, 'zdex-main', 'live', 30_000);

  // Mark read: the title is the plain one again.
  await page.getByTestId('notifications-mark-read').click();
  await expect(unread).toHaveAttribute('data-count', '0');
  await expect(page).toHaveTitle('Venueboard');
});

test('two tabs open: the tab the user last touched plays the sounds, the other stays silent', async ({ context }) => {
  test.setTimeout(180_000);
  await context.addInitScript(recordTones);
  const owner = await context.newPage();
  await owner.goto('/');
  await importProfile(owner, writeProfile(stack.profile.connections));
  await owner.getByTestId('import-result').getByRole('button').click();
  for (const c of stack.profile.connections) await expectStatus(owner, c.id, 'live', 30_000);
  const mirror = await context.newPage();
  await mirror.goto('/');
  await expect(mirror.getByTestId('tab-role')).toHaveAttribute('data-role', 'follower');
  for (const c of stack.profile.connections) await expectStatus(mirror, c.id, 'live', 30_000);

  // Switched on in the mirror tab (the settings reach the owner tab too): the mirror plays, the owner not.
  await setSound(mirror, 'fills', true);
  await expect
    .poll(async () => (await tones(mirror, 'fills')).length, {
      timeout: 60_000,
      message: `fill tones in the mirror tab (fills shown: ${await fillCount(mirror)} at the start)`,
    })
    .toBeGreaterThanOrEqual(3);
  await waitForMoreFills(owner, 3);
  expect(await allTones(owner)).toEqual([]);

  // A click in the owner tab moves the sounds there: from its first tone on, the mirror is silent.
  await owner.getByTestId('panel-fills').click();
  await expect.poll(async () => (await tones(owner, 'fills')).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  const mirrorHeard = (await allTones(mirror)).length;
  await expect.poll(async () => (await tones(owner, 'fills')).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
  expect(await allTones(mirror)).toHaveLength(mirrorHeard);
});
