import { useSyncExternalStore } from 'react';

/**
 * One shared one-second clock for every age and countdown on the page: a single interval, however
 * many cells show a relative time, and it stops when nothing is listening.
 */
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(tick, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const getNow = (): number => now;

/** Current time in Unix ms, re-rendering the caller once per second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getNow, getNow);
}
