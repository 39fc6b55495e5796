// backoffDelay: the terminal's reconnect delays, doubling from the first up to the longest.
import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_BACKOFF } from "../../../../site/scripts/lib/backoff.ts";

describe("backoffDelay", () => {
  it("waits 0.5 s, then doubles up to 8 s by default", () => {
    expect(DEFAULT_BACKOFF).toEqual({ initialMs: 500, maxMs: 8000 });
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((attempt) => backoffDelay(attempt))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
  });

  it("follows the given settings", () => {
    const options = { initialMs: 100, maxMs: 1000 };
    expect([1, 2, 4, 5, 9].map((attempt) => backoffDelay(attempt, options))).toEqual([100, 200, 800, 1000, 1000]);
  });

  it("treats attempts below 1 as the first", () => {
    expect(backoffDelay(0)).toBe(500);
    expect(backoffDelay(-3)).toBe(500);
  });

  it("stays finite for any attempt, even without a cap", () => {
    expect(backoffDelay(10_000, { initialMs: 1, maxMs: Number.POSITIVE_INFINITY })).toBe(2 ** 30);
  });
});
