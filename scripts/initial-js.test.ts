import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { gzippedSize, INITIAL_JS_BUDGET, initialScripts } from './initial-js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The production build, in memory (write: false): nothing lands in dist/. Vite keeps a NODE_ENV it
 * finds set, and Vitest sets it to "test" (React's development build): production for the build's time.
 */
async function buildInMemory(): Promise<Rolldown.OutputBundle[string][]> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const result = await build({
      root: ROOT,
      mode: 'production',
      logLevel: 'silent',
      build: { write: false, sourcemap: false },
    });
    const outputs = Array.isArray(result) ? result : [result];
    return outputs.flatMap((o) => ('output' in o ? o.output : []));
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

describe('initial JavaScript (what index.html loads before the first paint)', () => {
  let files: Map<string, Rolldown.OutputBundle[string]>;
  let initial: string[];
  beforeAll(async () => {
    files = new Map((await buildInMemory()).map((f) => [f.fileName, f]));
    const html = files.get('index.html');
    if (html?.type !== 'asset') throw new Error('the build made no index.html');
    initial = initialScripts(String(html.source));
  }, 240_000);

  it(`is at most ${INITIAL_JS_BUDGET / 1000} KB gzipped`, () => {
    expect(initial.length).toBeGreaterThan(0);
    let total = 0;
    for (const name of initial) {
      const chunk = files.get(name);
      if (chunk?.type !== 'chunk') throw new Error(`index.html loads ${name}, which the build did not make`);
      total += gzippedSize(chunk.code);
    }
    console.warn(`initial JS: ${(total / 1000).toFixed(1)} KB gzipped in ${initial.length} files`);
    expect(total).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
  });

  it('leaves the dock, the charts, the settings drawer and the venues out of it', () => {
    const modules = initial.flatMap((name) => {
      const chunk = files.get(name);
      return chunk?.type === 'chunk' ? chunk.moduleIds : [];
    });
    expect(modules.some((id) => id.includes('/src/app/App.tsx'))).toBe(true);
    for (const late of [
      '/node_modules/dockview-core/',
      '/node_modules/recharts/',
      '/node_modules/nats.ws/',
      '/src/features/settings/settings-drawer.tsx',
      '/src/venues/',
    ]) {
      expect(modules.filter((id) => id.includes(late))).toEqual([]);
    }
  });
});

describe('initialScripts', () => {
  it('lists the module entry and the modulepreloads, not inline or classic scripts', () => {
    const html = `<head><script>document.documentElement.dataset.theme = 'dark';</script>
<script type="module" crossorigin src="/assets/index-a1.js"></script>
<link rel="modulepreload" crossorigin href="/assets/shared-b2.js">
<link rel="stylesheet" crossorigin href="/assets/index-c3.css">
<script src="/legacy.js"></script></head>`;
    expect(initialScripts(html)).toEqual(['assets/index-a1.js', 'assets/shared-b2.js']);
  });
});
