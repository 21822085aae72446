import { useEffect, useRef, useState } from 'react';

/**
 * Calls `load` now and then every `intervalMs` after the previous call finished (never two at
 * once), until the component goes away or `deps` change.
 */
export function usePolling(
  load: (signal: { stopped: boolean }) => Promise<void>,
  intervalMs: number,
  deps: readonly unknown[],
): void {
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    const state = { stopped: false };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        await latest.current(state);
      } finally {
        if (!state.stopped) timer = setTimeout(() => void tick(), intervalMs);
      }
    };
    void tick();
    return () => {
      state.stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what restarts it
  }, [intervalMs, ...deps]);
}

/** The moment `seconds` from now (ms since the epoch): a deadline for useCountdown. */
export function deadlineIn(seconds: number): number {
  return Date.now() + seconds * 1000;
}

/** Seconds left until `until` (ms since the epoch), ticking every second; 0 once passed. */
export function useCountdown(until: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === undefined || until <= Date.now()) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [until]);
  return until === undefined ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}
