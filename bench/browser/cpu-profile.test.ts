import { describe, expect, it } from 'vitest';
import { moduleLocator, topModules, topSelfTime, type CpuProfile } from './cpu-profile';

const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber });

describe('topSelfTime', () => {
  it('adds each sample to the function it landed in, by the time until the next sample', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', '', -1) },
        { id: 2, callFrame: frame('applyBatches', 'http://127.0.0.1:4194/assets/store/apply-batch.js?v=1', 9) },
        { id: 3, callFrame: frame('', 'http://127.0.0.1:4194/assets/index.js', 99) },
        { id: 4, callFrame: frame('(idle)', '', -1) },
      ],
      samples: [2, 2, 3, 4, 2],
      timeDeltas: [0, 1_000, 3_000, 2_000, 4_000],
    };
    expect(topSelfTime(profile)).toEqual([
      { where: 'applyBatches store/apply-batch.js:10', selfMs: 4, percent: 40 },
      { where: '(idle) ', selfMs: 4, percent: 40 },
      { where: '(anonymous) assets/index.js:100', selfMs: 2, percent: 20 },
    ]);
    expect(topSelfTime(profile, 1)).toHaveLength(1);
  });

  it('says nothing for an empty profile', () => {
    expect(topSelfTime({ nodes: [] })).toEqual([]);
  });
});

describe('topModules', () => {
  it('puts each sample in the module its bundle line belongs to, or under its own name outside the bundle', () => {
    const bundle = [
      'import x;',
      '// node_modules/react-dom/cjs/react-dom.production.js',
      'function commit() {}',
      '// src/store/selectors.ts',
      'function selectRows() {}',
      '// node_modules/@tanstack/table-core/build/lib/index.mjs',
      'function getRowModel() {}',
    ].join('\n');
    const locate = moduleLocator(bundle);
    expect([0, 2, 4, 6].map(locate)).toEqual([
      undefined,
      'react-dom',
      'src/store/selectors.ts',
      '@tanstack/table-core',
    ]);
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('commit', 'http://x/assets/index.js', 2) },
        { id: 2, callFrame: frame('selectRows', 'http://x/assets/index.js', 4) },
        { id: 3, callFrame: frame('(program)', '', -1) },
      ],
      samples: [1, 2, 2, 3, 1],
      timeDeltas: [0, 1_000, 1_000, 1_000, 1_000],
    };
    expect(topModules(profile, (_url, line) => locate(line))).toEqual([
      { where: 'src/store/selectors.ts', selfMs: 2, percent: 50 },
      { where: 'react-dom', selfMs: 1, percent: 25 },
      { where: '(program)', selfMs: 1, percent: 25 },
    ]);
  });
});
