// The checklist's words: an exercise's status (with earlier completions), the progress line,
// why Check now cannot run, and the hint button's label.
import { describe, expect, it } from "vitest";
import type { ExerciseInfo, ExerciseView } from "../../../../site/scripts/checklist/model.ts";
import { cannotCheckText, hintButtonText, progressText, statusText } from "../../../../site/scripts/checklist/status-text.ts";

const info: ExerciseInfo = { id: "ping", title: "Ping by name", dependsOn: ["create"] };
const create: ExerciseInfo = { id: "create", title: "Create appnet", dependsOn: [] };
const view = (status: ExerciseView["status"], extra: Partial<ExerciseView> = {}): ExerciseView => ({ info, status, checks: [], ...extra });

describe("statusText", () => {
  it("says each status in words", () => {
    expect(statusText(view("unknown"))).toBe("Not checked yet");
    expect(statusText(view("failed"))).toBe("Not done yet");
    expect(statusText(view("passed"))).toBe("Done");
    expect(statusText(view("blocked", { lockedBy: create }))).toBe("Locked until “Create appnet” is done");
    expect(statusText(view("blocked"))).toBe("Locked");
  });

  it("adds an earlier completion, unless the exercise is done now", () => {
    const completedAt = "2025-03-01T10:00:00.000Z";
    const day = new Date(completedAt).toLocaleDateString();
    expect(statusText(view("failed", { completedAt }))).toBe(`Not done yet · done before, on ${day}`);
    expect(statusText(view("unknown", { completedAt }))).toBe(`Not checked yet · done before, on ${day}`);
    expect(statusText(view("passed", { completedAt }))).toBe("Done");
  });
});

describe("progressText", () => {
  it("counts exercises until checked, then how many are done", () => {
    expect(progressText(0, 1, false)).toBe("1 exercise · not checked yet");
    expect(progressText(0, 3, false)).toBe("3 exercises · not checked yet");
    expect(progressText(2, 3, true)).toBe("2 of 3 done");
    expect(progressText(0, 1, true)).toBe("0 of 1 done");
  });
});

describe("cannotCheckText", () => {
  it("asks to start the lab, to take it over, or to wait, by state", () => {
    expect(cannotCheckText("idle")).toBe("Start the lab first: the checks look at your sandbox.");
    expect(cannotCheckText("ended")).toBe("Start the lab first: the checks look at your sandbox.");
    expect(cannotCheckText("replaced")).toBe("This lab is open in another tab. Press “Use it here” to check from this one.");
    for (const state of ["starting", "connecting", "provisioning", "reconnecting", "engine-restarting"] as const) {
      expect(cannotCheckText(state)).toBe("Wait for the terminal to connect: the checks look at your sandbox.");
    }
  });
});

describe("hintButtonText", () => {
  it("offers the first hint, then the next one, counting", () => {
    expect(hintButtonText(0, 3)).toBe("Show a hint (1 of 3)");
    expect(hintButtonText(1, 3)).toBe("Show the next hint (2 of 3)");
    expect(hintButtonText(2, 3)).toBe("Show the next hint (3 of 3)");
  });
});
