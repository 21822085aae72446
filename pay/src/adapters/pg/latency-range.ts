/** A simulated response time: uniformly random between min and max milliseconds. */
export interface LatencyRange {
  min: number;
  max: number;
}

export const MAX_LATENCY_MS = 60_000;

/**
 * "0" (none), "250" (always 250 ms) or "400-620" (uniform between 400 and 620 ms); min ≤ max ≤ 60000.
 * Returns undefined for anything else.
 */
export function parseLatencyRange(text: string): LatencyRange | undefined {
  const match = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(text);
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (min > max || max > MAX_LATENCY_MS) return undefined;
  return { min, max };
}

export function formatLatencyRange({ min, max }: LatencyRange): string {
  return min === max ? String(min) : `${min}-${max}`;
}

/** A duration drawn from the range; `random` in [0, 1). */
export function drawLatency({ min, max }: LatencyRange, random: () => number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export const LATENCY_RANGE_RULE = `must be milliseconds or a range such as "400-620" (min ≤ max ≤ ${MAX_LATENCY_MS})`;
