/**
 * Time as a dependency: the lifecycle reads the time and sets timers only through a `Clock`, so tests
 * drive it with `FakeClock` (testing/fake-clock.ts) and the worker uses `realClock`.
 */

/** Opaque timer handle: whatever the clock's `setTimeout` / `setInterval` returned. */
export type TimerHandle = unknown;

export interface Clock {
  /** Unix milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

type NativeTimer = ReturnType<typeof globalThis.setTimeout>;

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as NativeTimer),
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as NativeTimer),
};
