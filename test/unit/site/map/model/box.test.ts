// Laying out a node's rows and badges (sizes, baselines, indents) and sizing edge labels.
import { describe, expect, it } from "vitest";
import { baselineOf, labelSize, layoutBox } from "../../../../../site/scripts/map/model/box.ts";
import { measure } from "./fixtures.ts";

describe("baselineOf", () => {
  it("centres the text's ascent in its line box", () => {
    // round((18 + 13 × 0.72) / 2) = 14; round((16 + 12 × 0.72) / 2) = 12; round((15 + 11 × 0.72) / 2) = 11.
    expect(baselineOf(0, "title")).toBe(14);
    expect(baselineOf(10, "body")).toBe(22);
    expect(baselineOf(-5, "small")).toBe(6);
  });
});

describe("layoutBox", () => {
  it("stacks rows under the top padding, widening the box for the longest one", () => {
    const box = layoutBox(
      [
        { text: "web", style: "title", tone: "strong", indent: 14 },
        { text: "alpine · running", style: "body", tone: "muted" },
      ],
      [],
      measure,
      150,
    );
    expect(box.rows).toEqual([
      { text: "web", style: "title", tone: "strong", indent: 14, x: 24, y: 22 },
      { text: "alpine · running", style: "body", tone: "muted", x: 10, y: 38 },
    ]);
    // 160 px of text and 10 px of padding each side; 8 + 18 + 16 + 8 high.
    expect(box).toMatchObject({ width: 180, height: 50, badges: [] });
  });

  it("keeps the minimum width when everything fits", () => {
    const box = layoutBox([{ text: "db", style: "title", tone: "strong" }], [], measure, 150);
    expect(box.width).toBe(150);
    expect(box.height).toBe(34);
  });

  it("counts a row's indent in the width it needs", () => {
    const row = { text: "x".repeat(14), style: "title", tone: "strong" } as const;
    expect(layoutBox([row], [], measure, 0).width).toBe(160);
    expect(layoutBox([{ ...row, indent: 14 }], [], measure, 0).width).toBe(174);
  });

  it("stacks badges under the rows, each as wide as its text", () => {
    const box = layoutBox(
      [{ text: "n", style: "title", tone: "strong" }],
      [
        { text: "80/tcp", tone: "port", id: "port:80" },
        { text: "x".repeat(20), tone: "special" },
      ],
      measure,
      50,
    );
    expect(box.badges).toEqual([
      { text: "80/tcp", tone: "port", id: "port:80", x: 10, y: 32, width: 72, height: 19, baseline: 44 },
      { text: "x".repeat(20), tone: "special", x: 10, y: 55, width: 212, height: 19, baseline: 67 },
    ]);
    expect(box.width).toBe(232);
    expect(box.height).toBe(82);
  });

  it("rounds a fractional size up", () => {
    const box = layoutBox([{ text: "a", style: "body", tone: "muted" }], [], () => 0.5, 0);
    expect(box.width).toBe(21);
    expect(box.height).toBe(32);
  });
});

describe("labelSize", () => {
  it("fits the widest line plus padding, one line height per line", () => {
    expect(labelSize(["eth0 10.0.0.2", "alias db"], measure)).toEqual({ width: 138, height: 34 });
    expect(labelSize(["eth0"], measure, "body")).toEqual({ width: 48, height: 20 });
  });

  it("is only padding for no lines", () => {
    expect(labelSize([], measure)).toEqual({ width: 8, height: 4 });
  });
});
