import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../../../lab-server/http/rate-limit.ts";

describe("RateLimiter", () => {
  it("allows `limit` events per window per key, then says how long to wait", () => {
    const limiter = new RateLimiter(2, 60_000);
    expect(limiter.take(["a"], 0)).toBe(0);
    expect(limiter.take(["a"], 1_000)).toBe(0);
    expect(limiter.take(["a"], 2_000)).toBe(58);
    expect(limiter.take(["b"], 2_000)).toBe(0);
    expect(limiter.take(["a"], 60_000)).toBe(0);
  });

  it("refuses when any of the keys is over, without counting the others", () => {
    const limiter = new RateLimiter(1, 10_000);
    expect(limiter.take(["browser1", "10.0.0.1"], 0)).toBe(0);
    expect(limiter.take(["browser2", "10.0.0.1"], 1)).toBeGreaterThan(0);
    expect(limiter.take(["browser2", "10.0.0.2"], 2)).toBe(0);
  });
});
