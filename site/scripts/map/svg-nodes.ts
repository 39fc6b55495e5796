import type { Box, PlacedBadge, PlacedRow } from "./model/box.ts";
import { baselineOf } from "./model/box.ts";
import type { MissingEdge } from "./model/highlight.ts";
import { connectorRoute } from "./model/path.ts";
import type { SceneContainer, SceneHost, SceneNetwork } from "./model/scene.ts";
import { TEXT_STYLES, type TextStyle } from "./model/text.ts";
import type { Placed, PositionedEdge, Rect } from "./model/types.ts";
import { routePath, svg } from "./svg.ts";

/** Corner radius of container boxes; networks are rounder. */
const CONTAINER_RADIUS = 8;
const NETWORK_RADIUS = 14;

function text(content: string, x: number, y: number, style: TextStyle, className: string, tone?: string): SVGTextElement {
  const { size, weight } = TEXT_STYLES[style];
  return svg("text", { class: className, x, y, "font-size": size, "font-weight": weight, "data-tone": tone }, content);
}

function row(placed: PlacedRow): SVGTextElement {
  return text(placed.text, placed.x, placed.y, placed.style, "map-text", placed.tone);
}

function badge(placed: PlacedBadge): SVGGElement {
  return svg(
    "g",
    { class: "map-badge", "data-tone": placed.tone, "data-badge-id": placed.id },
    svg("rect", { x: placed.x, y: placed.y, width: placed.width, height: placed.height, rx: 4 }),
    text(placed.text, placed.x + 6, placed.baseline, "small", "map-badge-text"),
  );
}

// A ring for MapHint's highlight and a "!" flag for failing checks; the stylesheet shows them when marked.
function marks(width: number, height: number, radius: number): [ring: SVGElement, flag: SVGElement] {
  return [
    svg("rect", { class: "map-ring", x: -5, y: -5, width: width + 10, height: height + 10, rx: radius + 5 }),
    svg(
      "g",
      { class: "map-flag", transform: `translate(${width - 2} 2)` },
      svg("circle", { r: 8 }),
      svg("text", { y: 4, "text-anchor": "middle", "font-size": 12, "font-weight": 700 }, "!"),
    ),
  ];
}

function boxContent(placed: Rect, box: Box, tooltip: string, radius: number, extra: readonly SVGElement[] = []): SVGElement[] {
  const [ring, flag] = marks(placed.width, placed.height, radius);
  return [
    svg("title", {}, tooltip),
    ring,
    svg("rect", { class: "map-box", width: placed.width, height: placed.height, rx: radius }),
    ...extra,
    ...box.rows.map(row),
    ...box.badges.map(badge),
    flag,
  ];
}

/** The inside of a container node, relative to its top-left corner. */
export function containerContent(placed: Placed<SceneContainer>): SVGElement[] {
  const { box, tooltip } = placed.item;
  const first = box.rows[0];
  const dot = first ? [svg("circle", { class: "map-state", cx: 14, cy: first.y - 4.5, r: 4.5 })] : [];
  return boxContent(placed, box, tooltip, CONTAINER_RADIUS, dot);
}

/** The inside of a network node, relative to its top-left corner. */
export function networkContent(placed: Placed<SceneNetwork>): SVGElement[] {
  return boxContent(placed, placed.item.box, placed.item.tooltip, NETWORK_RADIUS);
}

/** The frame and label of a host group, relative to its top-left corner. */
export function hostContent(placed: Placed<SceneHost>): SVGElement[] {
  const [ring, flag] = marks(placed.width, placed.height, 12);
  return [
    svg("title", {}, `Host ${placed.item.label}`),
    ring,
    svg("rect", { class: "map-host-box", width: placed.width, height: placed.height, rx: 12 }),
    text(placed.item.label, 14, baselineOf(9, "body"), "body", "map-host-label"),
    flag,
  ];
}

/** An edge: its route, a plug at the network end, and its label (absolute coordinates). */
export function edgeContent(edge: PositionedEdge): SVGElement[] {
  const end = edge.points[edge.points.length - 1];
  const parts: SVGElement[] = [
    svg(
      "title",
      {},
      `${edge.edge.container} on ${edge.edge.network}${edge.edge.lines.length > 0 ? `: ${edge.edge.lines.join(", ")}` : ""}`,
    ),
    routePath(edge.points, "map-edge-line"),
  ];
  if (end) parts.push(svg("circle", { class: "map-edge-plug", cx: end.x, cy: end.y, r: 3.5 }));
  if (edge.label) parts.push(labelGroup(edge.label, edge.edge.lines));
  return parts;
}

function labelGroup(rect: Rect, lines: readonly string[]): SVGGElement {
  const { lineHeight } = TEXT_STYLES.small;
  return svg(
    "g",
    { class: "map-edge-label" },
    svg("rect", { x: rect.x, y: rect.y, width: rect.width, height: rect.height, rx: 4 }),
    ...lines.map((line, index) => text(line, rect.x + 4, baselineOf(rect.y + 2 + index * lineHeight, "small"), "small", "map-edge-text")),
  );
}

/**
 * A dashed connection a check asks for but that does not exist yet, from `from` (container) to
 * `to` (network); `width` is the drawing's, to keep the words inside it.
 */
export function missingContent(missing: MissingEdge, from: Rect, to: Rect, width: number): SVGElement[] {
  const points = connectorRoute(from, to);
  const start = points[0];
  const parts: SVGElement[] = [
    svg("title", {}, `${missing.container} is not connected to ${missing.network} yet`),
    routePath(points, "map-missing-line"),
  ];
  // The words go beside the line where it leaves the container, on the side with more room.
  if (start) {
    const words = text("not connected", start.x > width / 2 ? start.x - 6 : start.x + 6, start.y + 13, "small", "map-missing-text");
    if (start.x > width / 2) words.setAttribute("text-anchor", "end");
    parts.push(words);
  }
  return parts;
}
