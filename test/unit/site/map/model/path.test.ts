// SVG path data with rounded bends, and the fallback route for an edge ELK did not route.
import { describe, expect, it } from "vitest";
import { connectorRoute, roundedPath } from "../../../../../site/scripts/map/model/path.ts";
import { rect } from "./fixtures.ts";

describe("roundedPath", () => {
  it("draws nothing without points and straight lines without bends", () => {
    expect(roundedPath([])).toBe("");
    expect(roundedPath([{ x: 1, y: 2 }])).toBe("M1 2");
    expect(
      roundedPath([
        { x: 0, y: 0 },
        { x: 0, y: 10 },
      ]),
    ).toBe("M0 0 L0 10");
  });

  it("rounds each bend with a quadratic curve of the given radius", () => {
    const points = [
      { x: 0, y: 0 },
      { x: 0, y: 20 },
      { x: 20, y: 20 },
    ];
    expect(roundedPath(points)).toBe("M0 0 L0 14 Q0 20 6 20 L20 20");
    expect(roundedPath(points, 4)).toBe("M0 0 L0 16 Q0 20 4 20 L20 20");
  });

  it("never rounds more than half of the shorter segment", () => {
    expect(
      roundedPath([
        { x: 0, y: 0 },
        { x: 0, y: 4 },
        { x: 10, y: 4 },
      ]),
    ).toBe("M0 0 L0 2 Q0 4 2 4 L10 4");
    expect(
      roundedPath([
        { x: 0, y: 0 },
        { x: 0, y: 20 },
        { x: 4, y: 20 },
      ]),
    ).toBe("M0 0 L0 18 Q0 20 2 20 L4 20");
  });

  it("rounds coordinates to a tenth and copes with repeated points", () => {
    expect(
      roundedPath([
        { x: 0.123, y: 0.456 },
        { x: 10.04, y: 0.456 },
      ]),
    ).toBe("M0.1 0.5 L10 0.5");
    expect(
      roundedPath([
        { x: 0, y: 0 },
        { x: 0, y: 0 },
        { x: 5, y: 0 },
      ]),
    ).toBe("M0 0 L0 0 Q0 0 0 0 L5 0");
  });
});

describe("connectorRoute", () => {
  const from = rect(0, 0, 100, 40);

  it("goes down, across just above the target, and in", () => {
    expect(connectorRoute(from, rect(200, 100, 100, 30))).toEqual([
      { x: 70, y: 40 },
      { x: 70, y: 90 },
      { x: 250, y: 90 },
      { x: 250, y: 100 },
    ]);
  });

  it("leaves from the side of the source facing the target", () => {
    expect(connectorRoute(from, rect(-300, 100, 100, 30))[0]).toEqual({ x: 30, y: 40 });
  });

  it("goes straight when there is no room to turn or nothing to cross", () => {
    expect(connectorRoute(from, rect(200, 50, 100, 30))).toEqual([
      { x: 70, y: 40 },
      { x: 250, y: 50 },
    ]);
    expect(connectorRoute(from, rect(20, 100, 100, 30))).toEqual([
      { x: 70, y: 40 },
      { x: 70, y: 100 },
    ]);
  });
});
