import { describe, expect, it } from "vitest";
import { isStuck, nextStuckFlip, type StuckInput } from "../../../common/schemas/dashboard.ts";

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

describe("nextStuckFlip", () => {
  const since = 1_000_000;
  const S = 10 * MIN;

  it("names the moment a member turns stuck, then the moment they stop", () => {
    const state = { exercise: "a", exerciseSince: since, lastFailedRunAt: since + 4 * MIN };
    expect(nextStuckFlip(state, since + MIN, S)).toBe(since + S);
    expect(nextStuckFlip(state, since + S, S)).toBe(since + 4 * MIN + S);
    expect(nextStuckFlip(state, since + 4 * MIN + S, S)).toBeUndefined();
  });

  it("names no moment when nothing but a change of state could flip the flag", () => {
    expect(nextStuckFlip({ exercise: null, exerciseSince: since, lastFailedRunAt: since + MIN }, since, S)).toBeUndefined();
    expect(nextStuckFlip({ exercise: "a", exerciseSince: since, lastFailedRunAt: undefined }, since, S)).toBeUndefined();
    // A failing run only at the very start: the member is away before they could be stuck.
    expect(nextStuckFlip({ exercise: "a", exerciseSince: since, lastFailedRunAt: since }, since, S)).toBeUndefined();
  });

  it("agrees with isStuck: the flag holds until the moment named, and differs from it on", () => {
    const states: StuckInput[] = [
      { exercise: "a", exerciseSince: since, lastFailedRunAt: since + 3 * MIN },
      { exercise: "a", exerciseSince: since, lastFailedRunAt: since + 12 * MIN },
      { exercise: "a", exerciseSince: since, lastFailedRunAt: since + 30 * MIN },
    ];
    for (const state of states) {
      for (let now = since; now <= since + 45 * MIN; now += MIN / 2) {
        const flip = nextStuckFlip(state, now, S);
        const stuck = isStuck(state, now, S);
        if (flip === undefined) {
          expect(isStuck(state, now + 24 * 60 * MIN, S)).toBe(stuck);
          continue;
        }
        expect(flip).toBeGreaterThan(now);
        expect(isStuck(state, flip - 1, S)).toBe(stuck);
        expect(isStuck(state, flip, S)).toBe(!stuck);
      }
    }
  });
});
