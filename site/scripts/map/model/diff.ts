import type { Point, PositionedMap, Rect } from "./types.ts";

/** What changed between two drawings, by key: what to fade in, remove, slide or redraw. */
export interface MapDiff {
  /** Nodes and edges that were not drawn before. */
  readonly entered: ReadonlySet<string>;
  /** Nodes and edges drawn before that are gone now. */
  readonly exited: ReadonlySet<string>;
  /** Nodes (and host groups) whose place or size changed. */
  readonly moved: ReadonlySet<string>;
  /** Edges whose route or label moved. */
  readonly rerouted: ReadonlySet<string>;
}

type Geometry = { readonly rect: Rect } | { readonly points: readonly Point[]; readonly label: Rect | undefined };

function geometries(map: PositionedMap | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!map) return out;
  const put = (key: string, geometry: Geometry) => out.set(key, JSON.stringify(geometry));
  for (const placed of [...map.hosts, ...map.networks, ...map.containers]) {
    put(placed.item.key, { rect: { x: placed.x, y: placed.y, width: placed.width, height: placed.height } });
  }
  for (const edge of map.edges) put(edge.edge.key, { points: edge.points, label: edge.label });
  return out;
}

/** Compares two drawings of the map; `previous` is undefined for the first one. */
export function diffPositioned(previous: PositionedMap | undefined, next: PositionedMap): MapDiff {
  const before = geometries(previous);
  const after = geometries(next);
  const edges = new Set(next.edges.map((edge) => edge.edge.key));
  const entered = new Set<string>();
  const moved = new Set<string>();
  const rerouted = new Set<string>();
  for (const [key, geometry] of after) {
    const old = before.get(key);
    if (old === undefined) entered.add(key);
    else if (old !== geometry) (edges.has(key) ? rerouted : moved).add(key);
  }
  const exited = new Set([...before.keys()].filter((key) => !after.has(key)));
  return { entered, exited, moved, rerouted };
}
