import type { SceneContainer, SceneEdge, SceneHost, SceneNetwork } from "./scene.ts";

// The drawing's geometry: what the layout (positioned.ts, bus.ts) produces and the renderer reads.

/** A point in the drawing. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A rectangle in the drawing. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A scene item with its place in the drawing. */
export interface Placed<T> extends Rect {
  readonly item: T;
}

/** An edge with its route (start, bends, end) and the place of its label. */
export interface PositionedEdge {
  readonly edge: SceneEdge;
  readonly points: readonly Point[];
  readonly label: Rect | undefined;
}

/** The scene with every node, edge and label placed: what the renderer draws. */
export interface PositionedMap {
  readonly width: number;
  readonly height: number;
  readonly hosts: readonly Placed<SceneHost>[];
  readonly networks: readonly Placed<SceneNetwork>[];
  readonly containers: readonly Placed<SceneContainer>[];
  readonly edges: readonly PositionedEdge[];
}
