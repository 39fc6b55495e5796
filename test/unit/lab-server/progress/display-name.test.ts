import { describe, expect, it } from "vitest";
import { displayName, learnerId, learnerProgress } from "../../../../common/schemas/progress.ts";

describe("displayName", () => {
  it("trims and normalizes", () => {
    expect(displayName.parse("  Ada  ")).toBe("Ada");
    expect(displayName.parse("Zoe\u0308")).toBe("Zoë");
  });

  it("counts characters, not UTF-16 units", () => {
    expect(displayName.safeParse("🐳".repeat(40)).success).toBe(true);
    expect(displayName.safeParse("🐳".repeat(41)).success).toBe(false);
  });

  it("refuses empty names and control characters, with a message for the learner", () => {
    expect(displayName.safeParse(" ").error?.issues[0]?.message).toMatch(/cannot be empty/);
    expect(displayName.safeParse("a\u0085b").error?.issues[0]?.message).toMatch(/control characters/);
    expect(displayName.safeParse("a\u2067b").success).toBe(false);
    expect(displayName.safeParse("Ada 👩‍💻 Lovelace").success).toBe(true);
  });
});

describe("learner progress schema", () => {
  it("accepts the browser cookie's ids and refuses others", () => {
    expect(learnerId.safeParse("AbCdEfGhIjKlMnOpQrStUv").success).toBe(true);
    expect(learnerId.safeParse("short").success).toBe(false);
    expect(learnerId.safeParse("has/slash-and-is-long-enough").success).toBe(false);
  });

  it("describes what the store returns", () => {
    const progress = {
      learner: { id: "AbCdEfGhIjKlMnOpQrStUv", displayName: null },
      lessons: {
        "user-defined-bridges": {
          seconds: 120,
          lastSeenAt: "2025-03-01T10:00:00.000Z",
          exercises: {
            "make-net": { attempts: 2, completedAt: "2025-03-01T09:59:00.000Z" },
            "run-web": { attempts: 1, completedAt: null },
          },
        },
      },
    };
    expect(learnerProgress.parse(progress)).toEqual(progress);
    expect(learnerProgress.safeParse({ ...progress, lessons: { "Bad Slug": progress.lessons["user-defined-bridges"] } }).success).toBe(
      false,
    );
  });
});
