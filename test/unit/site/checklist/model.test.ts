// ChecklistModel: views per exercise (unknown, passed, failed, blocked and by what), which views
// each change touches, repeats changing nothing, stored completions, and the counts.
import { describe, expect, it } from "vitest";
import type { ExerciseResult } from "../../../../common/schemas/checks.ts";
import { ChecklistModel, type ExerciseInfo } from "../../../../site/scripts/checklist/model.ts";

const create: ExerciseInfo = { id: "create", title: "Create appnet", dependsOn: [] };
const attach: ExerciseInfo = { id: "attach", title: "Attach web", dependsOn: [] };
const ping: ExerciseInfo = { id: "ping", title: "Ping by name", dependsOn: ["create", "attach"] };

const passed = (id: string): ExerciseResult => ({
  id,
  status: "passed",
  checks: [{ ok: true, message: "fine", subject: `network:${id}` }],
});
const failed = (id: string): ExerciseResult => ({ id, status: "failed", checks: [{ ok: false, message: "not yet" }] });
const blocked = (id: string): ExerciseResult => ({ id, status: "blocked", checks: [] });

describe("ChecklistModel", () => {
  it("shows every exercise as not checked before any result", () => {
    const model = new ChecklistModel([create, attach, ping]);
    expect(model.view("create")).toEqual({ info: create, status: "unknown", checks: [], completedAt: undefined });
    expect(model.view("nope")).toBeUndefined();
    expect(model.checked).toBe(false);
    expect(model.done).toBe(0);
    expect(model.complete).toBe(false);
  });

  it("takes in results, reporting the exercises whose view changed, and nothing for a repeat", () => {
    const model = new ChecklistModel([create, attach, ping]);
    expect(model.apply([passed("create"), failed("attach"), blocked("ping")])).toEqual(["create", "attach", "ping"]);
    expect(model.apply([passed("create"), failed("attach"), blocked("ping")])).toEqual([]);
    expect(model.view("create")).toMatchObject({ status: "passed", checks: passed("create").checks });
    expect(model.view("attach")).toMatchObject({ status: "failed", checks: failed("attach").checks });
    expect(model.checked).toBe(true);
    expect(model.done).toBe(1);
    expect(model.apply([passed("create"), passed("attach"), blocked("ping")])).toEqual(["attach", "ping"]);
  });

  it("treats the latest results as the whole truth", () => {
    const model = new ChecklistModel([create, attach]);
    model.apply([passed("create"), passed("attach")]);
    expect(model.apply([failed("attach")])).toEqual(["create", "attach"]);
    expect(model.view("create")?.status).toBe("unknown");
  });

  it("reports every exercise on its first call, none having been shown from the model yet", () => {
    expect(new ChecklistModel([create, attach, ping]).reset()).toEqual(["create", "attach", "ping"]);
    expect(new ChecklistModel([create, attach]).remember({})).toEqual(["create", "attach"]);
  });

  it("ignores results for exercises it does not list", () => {
    const model = new ChecklistModel([create]);
    model.reset();
    expect(model.apply([passed("elsewhere")])).toEqual([]);
    expect(model.checked).toBe(false);
  });

  it("names the first dependency not done yet for a blocked exercise", () => {
    const model = new ChecklistModel([create, attach, ping]);
    model.apply([failed("create"), failed("attach"), blocked("ping")]);
    expect(model.view("ping")?.lockedBy).toBe(create);
    // Only ping's lock moved on.
    expect(model.apply([passed("create"), failed("attach"), blocked("ping")])).toEqual(["create", "ping"]);
    expect(model.view("ping")?.lockedBy).toBe(attach);
    // With every dependency done (a stale block) it still names one.
    model.apply([passed("create"), passed("attach"), blocked("ping")]);
    expect(model.view("ping")?.lockedBy).toBe(create);
  });

  it("blocks an exercise without dependencies without naming any", () => {
    const model = new ChecklistModel([create]);
    model.apply([blocked("create")]);
    expect(model.view("create")).toMatchObject({ status: "blocked", lockedBy: undefined });
  });

  it("remembers earlier completions of listed exercises, and keeps them when the results go", () => {
    const model = new ChecklistModel([create, attach, ping]);
    model.reset();
    expect(model.remember({ create: "2025-03-01T10:00:00.000Z", attach: null, other: "2025-03-02T10:00:00.000Z" })).toEqual(["create"]);
    expect(model.remember({ create: "2025-03-01T10:00:00.000Z" })).toEqual([]);
    expect(model.view("create")).toMatchObject({ status: "unknown", completedAt: "2025-03-01T10:00:00.000Z" });
    expect(model.view("attach")?.completedAt).toBeUndefined();
    model.apply([failed("create")]);
    expect(model.reset()).toEqual(["create"]);
    expect(model.view("create")).toMatchObject({ status: "unknown", completedAt: "2025-03-01T10:00:00.000Z" });
  });

  it("forgets every result on reset", () => {
    const model = new ChecklistModel([create, attach]);
    model.apply([passed("create"), failed("attach")]);
    expect(model.reset()).toEqual(["create", "attach"]);
    expect(model.reset()).toEqual([]);
    expect(model.checked).toBe(false);
    expect(model.done).toBe(0);
  });

  it("is complete once every exercise has passed, and never without exercises", () => {
    const model = new ChecklistModel([create, attach]);
    model.apply([passed("create"), failed("attach")]);
    expect(model.complete).toBe(false);
    model.apply([passed("create"), passed("attach")]);
    expect(model.done).toBe(2);
    expect(model.complete).toBe(true);
    const empty = new ChecklistModel([]);
    empty.apply([passed("create")]);
    expect(empty.complete).toBe(false);
  });
});
