/** A CDP `Profiler.Profile` reduced to where the time went: self time per function, largest first. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface FunctionCost {
  /** "name file:line" (the file's last two path parts; lines from 1). */
  where: string;
  selfMs: number;
  /** Share of all samples, idle included. */
  percent: number;
}

/** The module a bundle line came from: an unminified Vite bundle marks each with `// src/...` or `// node_modules/...`. */
export function moduleLocator(bundle: string): (line: number) => string | undefined {
  const starts: [number, string][] = [];
  bundle.split('\n').forEach((text, i) => {
    const m = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(text);
    if (m) starts.push([i, m[1]!.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, '$1')]);
  });
  return (line) => {
    let found: string | undefined;
    for (const [start, name] of starts) {
      if (start > line) break;
      found = name;
    }
    return found;
  };
}

/**
 * Self time per module (a source file of ours, a package of node_modules), largest first; samples
 * outside the bundle go by their function name ("(program)", "(garbage collector)", a DOM call).
 * `locate` maps a script URL's 0-based line to its module.
 */
export function topModules(
  profile: CpuProfile,
  locate: (url: string, line: number) => string | undefined,
  count = 15,
): FunctionCost[] {
  return topBy(profile, count, (frame) => locate(frame.url, frame.lineNumber) ?? (frame.functionName || '(anonymous)'));
}

export function topSelfTime(profile: CpuProfile, count = 15): FunctionCost[] {
  return topBy(profile, count, (frame) => {
    const file = frame.url.split('?')[0]!.split('/').slice(-2).join('/');
    return `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber + 1}` : ''}`;
  });
}

function topBy(profile: CpuProfile, count: number, key: (frame: ProfileNode['callFrame']) => string): FunctionCost[] {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  let totalUs = 0;
  samples.forEach((id, i) => {
    // A sample's time is the gap to the next one (the last sample has none).
    const us = Math.max(0, deltas[i + 1] ?? 0);
    totalUs += us;
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return;
    const where = key(frame);
    selfUs.set(where, (selfUs.get(where) ?? 0) + us);
  });
  return [...selfUs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, us]) => ({
      where,
      selfMs: Math.round(us / 100) / 10,
      percent: totalUs === 0 ? 0 : Math.round((1000 * us) / totalUs) / 10,
    }));
}
