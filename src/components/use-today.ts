import { useSyncExternalStore } from 'react';
import { startOfDay } from './format/time-format';

/**
 * Local midnight of today, re-rendering its callers once when the day changes (a time cell shows the
 * date only for other days): one timer for the whole page, armed only while something listens.
 */
let today = startOfDay(Date.now());
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | undefined;

function arm(): void {
  const next = new Date(today);
  next.setDate(next.getDate() + 1);
  // Checked again every minute at most: a sleeping laptop or a clock change can skip the exact moment.
  timer = setTimeout(check, Math.min(Math.max(1000, next.getTime() - Date.now()), 60_000));
}

function check(): void {
  const day = startOfDay(Date.now());
  if (day !== today) {
    today = day;
    for (const listener of listeners) listener();
  }
  arm();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    today = startOfDay(Date.now());
    arm();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
}

const getToday = (): number => today;

export function useToday(): number {
  return useSyncExternalStore(subscribe, getToday, getToday);
}
