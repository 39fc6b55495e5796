import { describe, expect, it } from "vitest";
import type { ExerciseResult } from "../../../../common/schemas/checks.ts";
import { createLogger } from "../../../../lab-server/log.ts";
import type { ProgressStore } from "../../../../lab-server/progress/store.ts";
import { ProgressTracker } from "../../../../lab-server/sessions/progress-tracker.ts";

/** Records what the tracker writes; the real store has tests of its own against both databases. */
function recordingStore() {
  const writes: string[] = [];
  const done = { attempts: 0, completedAt: null };
  const store = {
    recordAttempt: async (_l: string, _s: string, id: string) => {
      writes.push(`attempt ${id}`);
      return done;
    },
    recordCompletion: async (_l: string, _s: string, id: string) => {
      writes.push(`completed ${id}`);
      return done;
    },
    addLessonTime: async () => true,
  };
  return { writes, store: store as unknown as ProgressStore };
}

const result = (id: string, status: ExerciseResult["status"]): ExerciseResult => ({ id, status, checks: [] });

describe("ProgressTracker live state", () => {
  it("follows the current exercise, the time it became current and failing runs", async () => {
    const { writes, store } = recordingStore();
    let changes = 0;
    const tracker = new ProgressTracker(store, "learner-0123456789abcdef", "lesson", createLogger("error"), () => changes++);

    tracker.results([result("a", "failed"), result("b", "blocked")], 1000);
    expect(tracker.live).toMatchObject({ checked: true, exercise: "a", exerciseSince: 1000, lastFailedRunAt: undefined });

    tracker.command(2000);
    expect(tracker.live).toMatchObject({ exercise: "a", exerciseSince: 1000, lastFailedRunAt: 2000, lastActivityAt: 2000 });

    // The same results again change nothing.
    const before = changes;
    tracker.results([result("a", "failed"), result("b", "blocked")], 2500);
    expect(changes).toBe(before);
    expect(tracker.live.exerciseSince).toBe(1000);

    tracker.results([result("a", "passed"), result("b", "failed")], 3000);
    expect(tracker.live).toMatchObject({ exercise: "b", exerciseSince: 3000, lastFailedRunAt: undefined });
    await expect.poll(() => writes).toEqual(["attempt a", "completed a"]);

    tracker.results([result("a", "passed"), result("b", "passed")], 4000);
    expect(tracker.live.exercise).toBeNull();
    tracker.command(5000);
    expect(tracker.live.lastFailedRunAt).toBeUndefined();
    expect(changes).toBeGreaterThan(before);
  });

  it("says it has not checked yet until the first results, and reports them even when all pass", () => {
    const { store } = recordingStore();
    let changes = 0;
    const tracker = new ProgressTracker(store, "learner-0123456789abcdef", "lesson", createLogger("error"), () => changes++);
    expect(tracker.live).toMatchObject({ checked: false, exercise: null });

    tracker.results([result("a", "passed")], 1000);
    expect(tracker.live).toMatchObject({ checked: true, exercise: null });
    expect(changes).toBe(1);
  });

  it("counts commands run before the first results as attempts at the exercise those results show", async () => {
    const { writes, store } = recordingStore();
    const tracker = new ProgressTracker(store, "learner-0123456789abcdef", "lesson", createLogger("error"));
    tracker.command(1000);
    tracker.command(1500);
    expect(writes).toEqual([]);
    tracker.results([result("a", "failed"), result("b", "blocked")], 2000);
    expect(tracker.live).toMatchObject({ checked: true, exercise: "a", lastFailedRunAt: 1500 });
    await expect.poll(() => writes).toEqual(["attempt a", "attempt a"]);
    // Later commands count one each, as always.
    tracker.command(3000);
    await expect.poll(() => writes).toEqual(["attempt a", "attempt a", "attempt a"]);
  });

  it("counts no attempt for commands before the first results when those show nothing failing", () => {
    const { writes, store } = recordingStore();
    const tracker = new ProgressTracker(store, "learner-0123456789abcdef", "lesson", createLogger("error"));
    tracker.command(1000);
    tracker.results([result("a", "passed")], 2000);
    expect(writes).toEqual(["completed a"]);
  });
});
