import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';
import { expectStatus } from './support/dashboard';
import { startOtherOrigin } from './support/other-origin';
import { APP_ORIGIN, startDemoStack, type DemoStack } from './support/stack';

/**
 * The Content Security Policy (docs/contract.md section 3b) against the built app under `vite preview`:
 * the whole demo (five venues, the worker's sockets, the keyring relay) runs under it without a single
 * violation, and the policy refuses what it is there to refuse.
 */

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/** Collects every `securitypolicyviolation` from the first script on, and every CSP console message. */
async function watchPolicy(page: Page): Promise<{ violations: () => Promise<Violation[]>; console: string[] }> {
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { __csp: Violation[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile }),
    );
  });
  const console: string[] = [];
  const onConsole = (message: ConsoleMessage) => {
    if (/content.security.policy|refused to|trusted type/i.test(message.text())) console.push(message.text());
  };
  page.on('console', onConsole);
  page.on('worker', (worker) => worker.on('console', onConsole));
  return {
    violations: () => page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp),
    console,
  };
}

/** The policy's directives by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name ?? '', values]),
  );
}

let stack: DemoStack;
test.beforeEach(async () => {
  stack = await startDemoStack({ activityMs: 400 });
});
test.afterEach(async () => {
  await stack.stop();
});

test('the demo profile, all five venues live through the worker and the relay, runs without one policy violation', async ({
  page,
}) => {
  const watch = await watchPolicy(page);
  // `npm start` opens the dashboard on /?profile=/demo-profile.json; here the preview server has no such
  // file, so the page's request for it is answered with the stack's demo profile.
  await page.route(`${APP_ORIGIN}/demo-profile.json`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(stack.profile) }),
  );
  const response = await page.goto('/?profile=/demo-profile.json');
  for (const { id } of stack.profile.connections) await expectStatus(page, id, 'live', 30_000);
  // Live data through every path the policy governs: the worker's sockets, the relay's credentials.
  await expect(page.getByTestId('balance-row').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.recharts-surface').first()).toBeVisible();

  // The meta tag and the header carry the same policy; the header adds frame-ancestors.
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).not.toBeNull();
  const header = response?.headers()['content-security-policy'];
  expect(header).toBe(`${meta}; frame-ancestors 'none'`);
  const policy = directives(meta ?? '');
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'none'"]);
  expect(policy.get('worker-src')).toEqual(["'self'"]);
  const scripts = policy.get('script-src') ?? [];
  expect(scripts[0]).toBe("'self'");
  expect(scripts.slice(1).every((s) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(s))).toBe(true);
  expect(scripts.length).toBeGreaterThan(1); // the inline theme script, by its hash
  expect(meta).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes/);
  // No wildcard source and no whole scheme but data: images: connect-src lists the venues' addresses
  // and loopback (the demo stack's simulators and relay), never `ws:` or `wss:`.
  const sources = [...policy.values()].flat();
  expect(sources).not.toContain('*');
  expect(sources.filter((v) => /^[a-z]+:$/.test(v)).sort()).toEqual(['data:']);
  expect(policy.get('connect-src')).toEqual(
    expect.arrayContaining(["'self'", 'ws://127.0.0.1:*', 'http://127.0.0.1:*']),
  );
  expect(policy.get('img-src')).toContain('data:');

  await page.waitForTimeout(2_000); // a little live traffic under the policy
  expect(await watch.violations()).toEqual([]);
  expect(watch.console).toEqual([]);
});

test('a WebSocket to a host outside the allowed list is refused by the policy, in the page and in the worker', async ({
  page,
}) => {
  const watch = await watchPolicy(page);
  const started = page.waitForEvent('worker');
  await page.goto('/');
  await expect(page.getByTestId('panel-connections')).toBeVisible();
  const worker = await started;
  // The attack itself: a script in the page (or the ingest worker, which holds the venue sockets) opens
  // a socket to a host no venue lists. The policy refuses it before any connection is made.
  const open = (url: string) => {
    try {
      const socket = new WebSocket(url);
      return new Promise<string>((done) => {
        socket.onopen = () => done('open');
        socket.onerror = () => done('error');
        setTimeout(() => done('pending'), 5_000);
      });
    } catch (error) {
      return Promise.resolve(error instanceof Error ? error.name : 'thrown');
    }
  };
  expect(await page.evaluate(open, 'wss://evil.example/')).not.toBe('open');
  const evil = async () => (await watch.violations()).filter((v) => v.blocked.startsWith('wss://evil.example'));
  await expect.poll(async () => (await evil()).length).toBeGreaterThan(0);
  expect(new Set((await evil()).map((v) => v.directive))).toEqual(new Set(['connect-src']));
  expect(await worker.evaluate(open, 'ws://127.0.0.2:9/')).not.toBe('open');
});

/**
 * Runs as a same-origin script (the strongest position an injection could reach): every way of turning a
 * string into code or markup, each recorded as "ran" or the error that stopped it.
 */
const PROBE = `
  const attempts = {};
  const attempt = (name, run) => {
    try { run(); attempts[name] = 'ran'; } catch (e) { attempts[name] = e.name; }
  };
  attempt('eval', () => eval('window.__pwned = "eval"'));
  attempt('Function', () => new Function('window.__pwned = "Function"')());
  attempt('setTimeout string', () => setTimeout('window.__pwned = "setTimeout"'));
  attempt('innerHTML', () => { document.body.innerHTML += '<img src=x onerror="window.__pwned = 1">'; });
  attempt('script text', () => {
    const s = document.createElement('script');
    s.text = 'window.__pwned = "script text"';
    document.body.append(s);
  });
  attempt('script src', () => {
    const s = document.createElement('script');
    s.src = '/probe-2.js';
    document.body.append(s);
  });
  window.__probe = attempts;
`;

test('the policy refuses injected inline script, inline handlers, foreign scripts, eval and markup sinks', async ({
  page,
}) => {
  const other = await startOtherOrigin({ '/x.js': { type: 'text/javascript', body: 'window.__pwned = "foreign"' } });
  try {
    const watch = await watchPolicy(page);
    // The dashboard's real document and headers, with markup injected as if a server or a venue string
    // had slipped it into the page.
    await page.route(`${APP_ORIGIN}/injected`, async (route) => {
      const real = await route.fetch({ url: `${APP_ORIGIN}/` });
      const injected = [
        `<script>window.__pwned = 'inline script'</script>`,
        `<img src="/missing.png" onerror="window.__pwned = 'inline handler'">`,
        `<a id="js-link" href="javascript:window.__pwned='javascript url'">x</a>`,
        `<script src="${other.origin}/x.js"></script>`,
        `<script src="/probe.js"></script>`,
      ].join('');
      await route.fulfill({ response: real, body: (await real.text()).replace('</body>', `${injected}</body>`) });
    });
    for (const file of ['probe.js', 'probe-2.js'])
      await page.route(`${APP_ORIGIN}/${file}`, (route) =>
        route.fulfill({ contentType: 'text/javascript', body: file === 'probe.js' ? PROBE : 'window.__pwned = 2' }),
      );
    const response = await page.goto('/injected');
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.locator('#js-link').click();
    await expect.poll(() => page.evaluate(() => (window as { __probe?: object }).__probe)).toBeDefined();
    const probe = await page.evaluate(() => (window as unknown as { __probe: Record<string, string> }).__probe);
    expect(Object.entries(probe).filter(([, result]) => result === 'ran')).toEqual([]);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(other.requests).toEqual([]);
    const refused = new Set((await watch.violations()).map((v) => v.directive));
    expect([...refused].sort()).toEqual(
      expect.arrayContaining(['require-trusted-types-for', 'script-src-attr', 'script-src-elem']),
    );
    // The app itself still came up under the same policy.
    await expect(page.getByTestId('panel-connections')).toBeVisible();
  } finally {
    await other.stop();
  }
});

test('the ingest worker, which holds every socket, is under the policy too (it comes with its script)', async ({
  page,
}) => {
  // 127.0.0.1 is in connect-src (the keyring relay); 127.0.0.2 is loopback as well, but not listed.
  const listed = await startOtherOrigin({ '/ping': { type: 'text/plain', body: 'pong' } });
  const unlisted = await startOtherOrigin({ '/ping': { type: 'text/plain', body: 'pong' } }, '127.0.0.2');
  try {
    const started = page.waitForEvent('worker');
    await page.goto('/');
    const worker = await started;
    const reach = (url: string) =>
      worker.evaluate(
        (u) =>
          fetch(u, { mode: 'no-cors' }).then(
            () => 'connected',
            () => 'refused',
          ),
        url,
      );
    expect(await reach(`${listed.origin}/ping`)).toBe('connected'); // the control: the probe can connect
    expect(await reach(`${unlisted.origin}/ping`)).toBe('refused');
    expect(unlisted.requests).toEqual([]);
  } finally {
    await listed.stop();
    await unlisted.stop();
  }
});

test('a page on another origin cannot frame the dashboard (frame-ancestors)', async ({ page }) => {
  const framer = await startOtherOrigin({
    '/frame.html': {
      type: 'text/html',
      body: `<!doctype html><title>framer</title><iframe id="app" src="${APP_ORIGIN}/" width="800" height="600"></iframe>`,
    },
  });
  try {
    const refusals: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors/.test(m.text())) refusals.push(m.text());
    });
    await page.goto(`${framer.origin}/frame.html`);
    await expect.poll(() => refusals.length, { timeout: 15_000 }).toBeGreaterThan(0);
    // The refusal came before the app's document was used: the frame holds no app.
    const app = page.frameLocator('#app');
    await expect(app.locator('#root')).toHaveCount(0);
    await expect(app.getByTestId('panel-connections')).toHaveCount(0);
  } finally {
    await framer.stop();
  }
});
