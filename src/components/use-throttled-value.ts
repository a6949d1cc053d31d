import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but updated at most once per `intervalMs` (the latest value wins, nothing is dropped at the
 * end of a burst). A value arriving after a quiet period shows at once. For big tables under a stream
 * of updates: rebuilding a 20,000-row model every frame would cost more than the screen gains.
 */
export function useThrottledValue<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const lastShownAt = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, lastShownAt.current + intervalMs - Date.now());
    const timer = setTimeout(() => {
      lastShownAt.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, intervalMs]);
  return shown;
}
