import type { PositionedEdge, PositionedMap, Rect } from "./types.ts";

// Clearance kept around nodes and labels when checking for collisions, and from the bar's ends.
const CLEARANCE = 4;
const END_MARGIN = 10;
const LABEL_GAP = 6;

function overlaps(a: Rect, b: Rect): boolean {
  return (
    a.x < b.x + b.width + CLEARANCE &&
    b.x < a.x + a.width + CLEARANCE &&
    a.y < b.y + b.height + CLEARANCE &&
    b.y < a.y + a.height + CLEARANCE
  );
}

/**
 * Draws edges into networks that span hosts (widened into bars by `spanHosts`) as straight drops
 * from their container, like taps on a bus, wherever the drop and its label hit nothing else.
 * Other edges keep ELK's route.
 */
export function dropOntoBars(map: PositionedMap): PositionedMap {
  const bars = new Map(map.networks.filter((network) => network.item.host === undefined).map((network) => [network.item.key, network]));
  if (bars.size === 0) return map;
  const nodes: (Rect & { key: string })[] = [...map.containers, ...map.networks].map((placed) => ({ ...placed, key: placed.item.key }));
  const labels = new Map(map.edges.flatMap((edge) => (edge.label ? [[edge.edge.key, edge.label] as const] : [])));
  const edges = map.edges.map((edge): PositionedEdge => {
    const bar = bars.get(edge.edge.target);
    const start = edge.points[0];
    if (!bar || !start || start.x < bar.x + END_MARGIN || start.x > bar.x + bar.width - END_MARGIN || bar.y <= start.y) return edge;
    const drop: Rect = { x: start.x, y: start.y, width: 0, height: bar.y - start.y };
    if (nodes.some((node) => node.key !== edge.edge.source && node.key !== edge.edge.target && overlaps(drop, node))) return edge;
    const label = edge.label ? placeLabel(edge, drop, nodes, labels) : undefined;
    if (edge.label && !label) return edge;
    if (label) labels.set(edge.edge.key, label);
    return { edge: edge.edge, points: [start, { x: start.x, y: bar.y }], label };
  });
  return { ...map, edges };
}

// Beside the drop, at the height ELK chose (the band between the layers), right side first.
function placeLabel(edge: PositionedEdge, drop: Rect, nodes: readonly Rect[], labels: ReadonlyMap<string, Rect>): Rect | undefined {
  const label = edge.label;
  if (!label) return undefined;
  const others = [...labels].filter(([key]) => key !== edge.edge.key).map(([, rect]) => rect);
  const y = Math.min(Math.max(label.y, drop.y + CLEARANCE), drop.y + drop.height - label.height - CLEARANCE);
  for (const x of [drop.x + LABEL_GAP, drop.x - LABEL_GAP - label.width]) {
    const candidate = { ...label, x, y };
    if (![...nodes, ...others].some((rect) => overlaps(candidate, rect))) return candidate;
  }
  return undefined;
}
