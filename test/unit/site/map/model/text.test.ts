// The DOM-free width estimate and truncation of names on the map.
import { describe, expect, it } from "vitest";
import { estimateWidth, truncate } from "../../../../../site/scripts/map/model/text.ts";

describe("estimateWidth", () => {
  it("counts characters times a monospace advance of the style's size, rounded up", () => {
    // 3 × 13 × 0.62 = 24.18; 3 × 12 × 0.62 = 22.32; 10 × 11 × 0.62 = 68.2.
    expect(estimateWidth("web", "title")).toBe(25);
    expect(estimateWidth("web", "body")).toBe(23);
    expect(estimateWidth("0123456789", "small")).toBe(69);
    expect(estimateWidth("", "body")).toBe(0);
  });

  it("counts a character outside the BMP once", () => {
    expect(estimateWidth("🐳", "title")).toBe(estimateWidth("x", "title"));
  });
});

describe("truncate", () => {
  it("leaves text that fits alone", () => {
    expect(truncate("appnet", 6)).toBe("appnet");
    expect(truncate("", 3)).toBe("");
  });

  it("cuts longer text to the limit, ending with an ellipsis", () => {
    expect(truncate("a-very-long-container-name", 10)).toBe("a-very-lo…");
    expect([...truncate("a-very-long-container-name", 10)]).toHaveLength(10);
  });

  it("never splits a character outside the BMP", () => {
    expect(truncate("🐳🐳🐳🐳", 3)).toBe("🐳🐳…");
  });
});
