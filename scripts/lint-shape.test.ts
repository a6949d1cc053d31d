import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The lint rules that keep the shape of the tree (eslint.config.js), each proven on a small file
 * linted as if it stood at a real place in src/: the wrong import is an error naming its rule, the
 * right one is not.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rule ids ESLint reports for `code` as the file `path`. */
async function rulesFor(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint keeps the shape', () => {
  it('a venue folder may not import a sibling venue folder, only shared and the registry', async () => {
    expect(await rulesFor('src/venues/rails/probe.ts', "export { zdexAdapter } from '../zdex/adapter';\n")).toContain(
      'import-x/no-restricted-paths',
    );
    expect(
      await rulesFor('src/venues/shared/probe.ts', "export { railsAdapter } from '../rails/adapter';\n"),
    ).toContain('import-x/no-restricted-paths');
    expect(
      await rulesFor(
        'src/venues/rails/probe.ts',
        "export { realClock } from '../shared/clock';\nexport { getAdapter } from '../registry';\n",
      ),
    ).toEqual([]);
  }, 60_000);

  it('a feature folder may not import a sibling feature folder, only features/shared', async () => {
    expect(
      await rulesFor('src/features/fills/probe.ts', "export { OrdersPanel } from '../orders/orders-panel';\n"),
    ).toContain('import-x/no-restricted-paths');
    expect(
      await rulesFor('src/features/fills/probe.ts', "export { ConnectionName } from '../shared/connection-name';\n"),
    ).toEqual([]);
  }, 60_000);

  it('an import cycle is an error', async () => {
    // managed-connection.ts imports backoff.ts: backoff.ts importing it back closes a cycle.
    expect(
      await rulesFor('src/venues/shared/backoff.ts', "export { ManagedConnection } from './managed-connection';\n"),
    ).toContain('import-x/no-cycle');
  }, 60_000);

  it('the app composes the page but never imports a venue or a Node program', async () => {
    expect(await rulesFor('src/app/probe.ts', "export { railsAdapter } from '../venues/rails/adapter';\n")).toContain(
      'no-restricted-imports',
    );
    expect(await rulesFor('src/app/probe.ts', "export { startSimulator } from '../../sim/index';\n")).toContain(
      'no-restricted-imports',
    );
    expect(
      await rulesFor('src/app/probe.ts', "export { usePortfolio } from '../store/portfolio-store';\n"),
    ).not.toContain('no-restricted-imports');
  }, 60_000);
});
