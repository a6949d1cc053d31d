/**
 * The chart's work per update stays bounded however long the session: the store keeps a whole day of
 * 1 s samples in ~4,981 tiered points and the chart downsamples a range to 1,500 points. Figure: one
 * update of the 1d equity chart (total + 5 connections) from a day's history / from a 1,500-point
 * history (which needs no downsampling). The day holds 3.3x the points and goes through a few
 * min/max passes: measured 6 to 16 (medians of interleaved rounds; the spread is machine load).
 * Without the tiers (86,400 points) it is about 200 (`untieredRatio`), which is what the target of
 * 25 guards against, with room for a loaded machine.
 */
import { buildChartModel } from '../src/features/pnl/chart-model';
import { downsampleMinMax } from '../src/store/history/downsample';
import { appendEquitySample } from '../src/store/history/tiers';
import type { EquitySample } from '../src/store/state';
import { medianTimesPerOp, timePerOp, type BenchResult } from './measure';

const CONNECTIONS = ['coinswitch-main', 'rails-btc', 'roxom-main', 'scaletrade-cfd', 'zdex-main'];

function sampleAt(i: number): EquitySample {
  const wave = Math.sin(i / 500) * 1_000;
  const perConnection: Record<string, string> = {};
  CONNECTIONS.forEach((id, c) => (perConnection[id] = (20_000 + c * 5_000 + wave * (c + 1)).toFixed(2)));
  return {
    time: 1_700_000_000_000 + i * 1_000,
    equity: (135_000 + wave * 15).toFixed(2),
    unrealizedPnl: (wave / 10).toFixed(2),
    realizedPnl: (i / 1_000).toFixed(2),
    perConnection,
    btcUsd: (70_000 + wave).toFixed(1),
  };
}

export function benchChartDownsampling(): BenchResult {
  const raw = Array.from({ length: 86_400 }, (_, i) => sampleAt(i));
  let day: EquitySample[] = [];
  for (const s of raw) day = appendEquitySample(day, s);
  const short = raw.slice(-1_500);
  const [dayNs, shortNs] = medianTimesPerOp(
    7,
    40,
    () => buildChartModel(day, '1d', 'USD', 'equity'),
    () => buildChartModel(short, '1d', 'USD', 'equity'),
  );
  const series = [
    (s: EquitySample) => Number(s.equity),
    ...CONNECTIONS.map((id) => (s: EquitySample) => Number(s.perConnection?.[id])),
  ];
  const rawNs = timePerOp(5, () => downsampleMinMax(raw, 1_500, (s) => s.time, series));
  const untieredNs = timePerOp(5, () => buildChartModel(raw, '1d', 'USD', 'equity'));
  return {
    name: 'chart-downsampling',
    what: `1d equity chart update from a day of history (${day.length} stored points) / from 1,500 points`,
    figure: dayNs / shortNs,
    unit: 'ratio',
    max: 25,
    details: {
      storedDayPoints: day.length,
      drawnDay: buildChartModel(day, '1d', 'USD', 'equity').points.length,
      dayMs: +(dayNs / 1e6).toFixed(3),
      shortMs: +(shortNs / 1e6).toFixed(3),
      downsample86400Ms: +(rawNs / 1e6).toFixed(2),
      untieredRatio: +(untieredNs / shortNs).toFixed(0),
    },
  };
}
