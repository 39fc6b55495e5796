import type { Point } from "./types.ts";

const round = (n: number) => Math.round(n * 10) / 10;

/** SVG path data through `points`, each bend rounded with up to `radius` px. */
export function roundedPath(points: readonly Point[], radius = 6): string {
  const [first, ...rest] = points;
  if (!first) return "";
  let d = `M${round(first.x)} ${round(first.y)}`;
  rest.forEach((point, index) => {
    const before = index === 0 ? first : rest[index - 1];
    const after = rest[index + 1];
    if (!before || !after) {
      d += ` L${round(point.x)} ${round(point.y)}`;
      return;
    }
    const r = Math.min(radius, distance(before, point) / 2, distance(point, after) / 2);
    const from = toward(point, before, r);
    const to = toward(point, after, r);
    d += ` L${round(from.x)} ${round(from.y)} Q${round(point.x)} ${round(point.y)} ${round(to.x)} ${round(to.y)}`;
  });
  return d;
}

function distance(a: Point, b: Point): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}

function toward(from: Point, to: Point, by: number): Point {
  const length = distance(from, to);
  if (length === 0) return from;
  return { x: from.x + ((to.x - from.x) / length) * by, y: from.y + ((to.y - from.y) / length) * by };
}

/**
 * A simple orthogonal route from the bottom middle of `from` to the top middle of `to` (for edges
 * ELK did not route): down, across just above `to`, and in.
 */
export function connectorRoute(
  from: { x: number; y: number; width: number; height: number },
  to: { x: number; y: number; width: number; height: number },
): Point[] {
  const end = { x: to.x + to.width / 2, y: to.y };
  // Off the container's middle, where its real edges usually leave.
  const start = { x: from.x + from.width * (end.x >= from.x + from.width / 2 ? 0.7 : 0.3), y: from.y + from.height };
  const across = end.y - 10;
  if (across <= start.y + 4 || Math.abs(end.x - start.x) < 1) return [start, end];
  return [start, { x: start.x, y: across }, { x: end.x, y: across }, end];
}
