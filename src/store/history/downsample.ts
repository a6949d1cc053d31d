/**
 * Downsampling for charts: min/max per time bucket (the M4 idea without the first/last of each bucket).
 *
 * Why not largest-triangle-three-buckets: LTTB picks the visually "largest" point per bucket and can
 * drop a spike's opposite extreme; a trader looking at equity must see every peak and trough. Keeping
 * the lowest and the highest point of every series in every bucket guarantees that each series'
 * global extremes (and each bucket's) survive, and the first and last points are always kept.
 *
 * Buckets are equal slices of TIME (not of index): the stored history is denser in its last hour
 * (1 s) than before (1 min), and a chart's pixels are uniform in time. All series share the kept
 * points (one row per kept sample), so a tooltip shows every series at the same instant. With S
 * series and a limit L, floor((L - 2) / (2S)) buckets of at most 2S points each always fit; as series
 * mostly peak together, more buckets are tried first (L / 2, then fewer until the points fit), so a
 * chart gets as fine a time resolution as the limit allows. Never more than L points.
 */
export type SeriesValue<T> = (point: T) => number | undefined;

export function downsampleMinMax<T>(
  points: readonly T[],
  limit: number,
  time: (point: T) => number,
  series: readonly SeriesValue<T>[],
): readonly T[] {
  if (points.length <= limit) return points;
  if (limit < 4) throw new RangeError(`downsample limit ${limit} is below 4`);
  // More series than the limit can serve: the first ones (the total comes first) decide.
  const used = series.length > 0 ? series.slice(0, Math.floor((limit - 2) / 2)) : [() => undefined];
  // floor((L - 2) / 2S) buckets always fit. Series usually peak together, so start with as many
  // buckets as one series would get and shrink until the kept points fit (a few passes at most).
  const safe = Math.max(1, Math.floor((limit - 2) / (2 * used.length)));
  let buckets = Math.max(safe, Math.floor((limit - 2) / 2));
  for (;;) {
    const out = minMaxPass(points, buckets, time, used);
    if (out.length <= limit || buckets === safe) return out;
    buckets = Math.max(safe, Math.min(buckets - 1, Math.floor((buckets * (limit - 2)) / (out.length - 2))));
  }
}

function minMaxPass<T>(
  points: readonly T[],
  buckets: number,
  time: (point: T) => number,
  used: readonly SeriesValue<T>[],
): T[] {
  const n = points.length;
  const t0 = time(points[0] as T);
  const span = time(points[n - 1] as T) - t0;
  const bucketOf = (i: number) =>
    span > 0 ? Math.min(buckets - 1, Math.floor(((time(points[i] as T) - t0) / span) * buckets)) : 0;

  const out: T[] = [points[0] as T];
  const minAt = new Array<number>(used.length);
  const maxAt = new Array<number>(used.length);
  const minV = new Array<number>(used.length);
  const maxV = new Array<number>(used.length);
  const flush = () => {
    const keep = new Set<number>();
    for (let s = 0; s < used.length; s++) {
      if ((minAt[s] as number) >= 0) keep.add(minAt[s] as number);
      if ((maxAt[s] as number) >= 0) keep.add(maxAt[s] as number);
    }
    for (const i of [...keep].sort((a, b) => a - b)) out.push(points[i] as T);
  };
  const reset = () => {
    minAt.fill(-1);
    maxAt.fill(-1);
    minV.fill(Infinity);
    maxV.fill(-Infinity);
  };
  reset();
  let current = n > 2 ? bucketOf(1) : 0;
  for (let i = 1; i < n - 1; i++) {
    const b = bucketOf(i);
    if (b !== current) {
      flush();
      reset();
      current = b;
    }
    const point = points[i] as T;
    for (let s = 0; s < used.length; s++) {
      const v = (used[s] as SeriesValue<T>)(point);
      if (v === undefined || !Number.isFinite(v)) continue;
      if (v < (minV[s] as number)) {
        minV[s] = v;
        minAt[s] = i;
      }
      if (v > (maxV[s] as number)) {
        maxV[s] = v;
        maxAt[s] = i;
      }
    }
  }
  flush();
  out.push(points[n - 1] as T);
  return out;
}
