/** Settings for {@link backoffDelay}. */
export interface BackoffOptions {
  /** Delay before the first retry, in milliseconds. */
  readonly initialMs: number;
  /** Longest delay between retries, in milliseconds. */
  readonly maxMs: number;
}

/** Reconnect timing used by the terminal: 0.5 s, doubling up to 8 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 8000 };

/** Delay before retry number `attempt` (1-based): `initialMs · 2^(attempt-1)`, capped at `maxMs`. */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(options.maxMs, options.initialMs * 2 ** Math.min(exponent, 30));
}
