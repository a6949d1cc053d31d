/**
 * A Chrome trace (CDP `Tracing`, category devtools.timeline) reduced to where the renderer's main
 * thread spent its time: self time per event name (style, layout, paint, script, GC, ...), largest
 * first. The CPU profile names functions but lumps Chromium's own work into "(program)"; the trace
 * splits that part.
 */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

export interface TraceCost {
  what: string;
  selfMs: number;
  percent: number;
}

/** Self time (an event's duration minus its nested children's) per name on the main thread (CrRendererMain). */
export function mainThreadSelfTime(events: readonly TraceEvent[], top = 15): TraceCost[] {
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!mains.has(key)) continue;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  const self = new Map<string, number>();
  let total = 0;
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const stack: { end: number; name: string }[] = [];
    for (const e of list) {
      while (stack.length > 0 && stack[stack.length - 1]!.end <= e.ts) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur!);
      else total += e.dur!;
      self.set(e.name, (self.get(e.name) ?? 0) + e.dur!);
      stack.push({ end: e.ts + e.dur!, name: e.name });
    }
  }
  return [...self]
    .map(([what, us]) => ({
      what,
      selfMs: Math.round(us / 100) / 10,
      percent: total > 0 ? Math.round((us / total) * 1000) / 10 : 0,
    }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
}
