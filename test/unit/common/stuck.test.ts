import { describe, expect, it } from "vitest";
import { isStuck } from "../../../common/schemas/dashboard.ts";

const MIN = 60_000;

describe("isStuck", () => {
  const since = 1_000_000;

  it("flags a member on one exercise past the stuck time who is still failing it", () => {
    expect(isStuck({ exercise: "a", exerciseSince: since, lastFailedRunAt: since + 9 * MIN }, since + 10 * MIN, 10 * MIN)).toBe(true);
  });

  it("does not flag before the stuck time", () => {
    expect(isStuck({ exercise: "a", exerciseSince: since, lastFailedRunAt: since + MIN }, since + 10 * MIN - 1, 10 * MIN)).toBe(false);
  });

  it("does not flag a member who stopped running commands (away, not stuck)", () => {
    expect(isStuck({ exercise: "a", exerciseSince: since, lastFailedRunAt: since + MIN }, since + 11 * MIN, 10 * MIN)).toBe(false);
    expect(isStuck({ exercise: "a", exerciseSince: since, lastFailedRunAt: undefined }, since + 20 * MIN, 10 * MIN)).toBe(false);
  });

  it("never flags a member with nothing left to do", () => {
    expect(isStuck({ exercise: null, exerciseSince: since, lastFailedRunAt: since + 9 * MIN }, since + 10 * MIN, 10 * MIN)).toBe(false);
  });
});
