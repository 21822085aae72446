/** The opossum settings of the one breaker guarding calls to pay (see README "Circuit breaker"). */
export interface PayBreakerSettings {
  /** The base URL of each pay instance (PAY_URL, one or more). */
  urls: readonly string[];
  /** With several instances: how often each one's readiness is checked (UPSTREAM_CHECK_INTERVAL_MS). */
  checkIntervalMs: number;
  /** A call slower than this fails (and counts against the breaker). */
  timeoutMs: number;
  /** Failure percentage over the rolling window that opens the breaker. */
  errorThresholdPercentage: number;
  /** Calls in the rolling window before the percentage is considered at all. */
  volumeThreshold: number;
  rollingCountTimeoutMs: number;
  /** How long the breaker stays open before letting one trial call through (half-open). */
  resetTimeoutMs: number;
  /** Bulkhead: concurrent calls to pay beyond this are refused at once. */
  capacity: number;
}

export const PAY_BREAKER_SETTINGS = Symbol('PayBreakerSettings');
