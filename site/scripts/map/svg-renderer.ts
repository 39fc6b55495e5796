import type { Disposable } from "../lib/disposables.ts";
import { diffPositioned } from "./model/diff.ts";
import { type Highlights, NO_HIGHLIGHTS } from "./model/highlight.ts";
import type { SceneContainer, SceneHost, SceneNetwork } from "./model/scene.ts";
import { MAP_FONT } from "./model/text.ts";
import type { Placed, PositionedMap, Rect } from "./model/types.ts";
import { svg } from "./svg.ts";
import { containerContent, edgeContent, hostContent, missingContent, networkContent } from "./svg-nodes.ts";

/** The smallest a drawing is shrunk to fit its pane before the pane scrolls instead. */
const MIN_SCALE = 0.75;

type Item = SceneHost | SceneNetwork | SceneContainer;

/**
 * Draws a {@link PositionedMap} as SVG and keeps it up to date. Elements are kept by key from one
 * drawing to the next: what stayed slides to its new place (CSS transitions), what is new fades
 * in, what is gone is removed. It also marks highlighted elements and draws missing edges.
 */
export class MapRenderer implements Disposable {
  readonly svg: SVGSVGElement;
  readonly #layers: Record<"hosts" | "edges" | "missing" | "nodes", SVGGElement>;
  readonly #elements = new Map<string, SVGGElement>();
  readonly #content = new Map<string, string>();
  #drawn: PositionedMap | undefined;
  #problems: Highlights = NO_HIGHLIGHTS;
  #hinted: Highlights = NO_HIGHLIGHTS;

  constructor(container: HTMLElement) {
    const layer = (name: string) => svg("g", { class: `map-layer-${name}` });
    this.#layers = { hosts: layer("hosts"), edges: layer("edges"), missing: layer("missing"), nodes: layer("nodes") };
    this.svg = svg("svg", { class: "map-svg", role: "img", "font-family": MAP_FONT, focusable: "false" });
    this.svg.append(this.#layers.hosts, this.#layers.edges, this.#layers.missing, this.#layers.nodes);
    container.append(this.svg);
  }

  /** The drawing now on screen, if any. */
  get drawn(): PositionedMap | undefined {
    return this.#drawn;
  }

  /** Draws `map`, reusing what is already drawn; `summary` becomes the drawing's accessible name. */
  render(map: PositionedMap, summary: string): void {
    const diff = diffPositioned(this.#drawn, map);
    const animate = this.#drawn !== undefined;
    for (const key of diff.exited) this.#remove(key);
    const entered = (key: string) => animate && diff.entered.has(key);
    for (const placed of map.hosts) this.#node(placed, this.#layers.hosts, () => hostContent(placed), entered(placed.item.key));
    for (const placed of map.networks) this.#node(placed, this.#layers.nodes, () => networkContent(placed), entered(placed.item.key));
    for (const placed of map.containers) this.#node(placed, this.#layers.nodes, () => containerContent(placed), entered(placed.item.key));
    for (const edge of map.edges) {
      const key = edge.edge.key;
      const group = this.#group(key, this.#layers.edges, {
        class: "map-edge",
        "data-testid": `map-edge-${edge.edge.container}-${edge.edge.network}`,
        "data-container": edge.edge.container,
        "data-network": edge.edge.network,
      });
      const signature = JSON.stringify([edge.points, edge.label, edge.edge.lines]);
      if (this.#content.get(key) !== signature) {
        group.replaceChildren(...edgeContent(edge));
        this.#content.set(key, signature);
        if (animate && (diff.entered.has(key) || diff.rerouted.has(key))) replay(group);
      }
    }
    this.svg.setAttribute("viewBox", `0 0 ${map.width} ${map.height}`);
    this.svg.setAttribute("aria-label", summary);
    this.#drawn = map;
    this.#mark();
  }

  /** Fits the drawing into `width` × `height` px: shrinks it (down to a limit) but never enlarges it. */
  fit(width: number, height: number): void {
    const map = this.#drawn;
    if (!map || width <= 0 || height <= 0) return;
    const scale = Math.max(MIN_SCALE, Math.min(1, width / map.width, height / map.height));
    this.svg.setAttribute("width", String(Math.round(map.width * scale)));
    this.svg.setAttribute("height", String(Math.round(map.height * scale)));
  }

  /**
   * Marks what failing checks point at (`problems`) and what a lesson's `<MapHint>` points at
   * (`hinted`), drawing the connections either of them misses as dashed lines.
   */
  mark(problems: Highlights, hinted: Highlights): void {
    this.#problems = problems;
    this.#hinted = hinted;
    this.#mark();
  }

  /** Removes the drawing. */
  clear(): void {
    for (const key of [...this.#elements.keys()]) this.#remove(key);
    this.#layers.missing.replaceChildren();
    this.#drawn = undefined;
    this.svg.removeAttribute("viewBox");
  }

  dispose(): void {
    this.clear();
    this.svg.remove();
  }

  #node(placed: Placed<Item>, layer: SVGGElement, content: () => SVGElement[], enter: boolean): void {
    const { item } = placed;
    const group = this.#group(item.key, layer, nodeAttributes(item));
    group.style.transform = `translate(${placed.x}px, ${placed.y}px)`;
    const signature = JSON.stringify([item, placed.width, placed.height]);
    if (this.#content.get(item.key) !== signature) {
      group.replaceChildren(...content());
      this.#content.set(item.key, signature);
    }
    if (enter) replay(group);
  }

  #group(key: string, layer: SVGGElement, attributes: Record<string, string | undefined>): SVGGElement {
    let group = this.#elements.get(key);
    if (!group) {
      group = svg("g", { "data-map-key": key });
      layer.append(group);
      this.#elements.set(key, group);
    }
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined) group.removeAttribute(name);
      else group.setAttribute(name, value);
    }
    return group;
  }

  #remove(key: string): void {
    this.#elements.get(key)?.remove();
    this.#elements.delete(key);
    this.#content.delete(key);
  }

  #mark(): void {
    const problems = this.#problems.keys;
    const hinted = this.#hinted.keys;
    for (const [key, element] of this.#elements) {
      setFlag(element, "data-problem", problems.has(key));
      setFlag(element, "data-hinted", hinted.has(key));
      for (const badge of element.querySelectorAll<SVGGElement>("[data-badge-id]")) {
        const badgeKey = `${key}|${badge.getAttribute("data-badge-id")}`;
        setFlag(badge, "data-problem", problems.has(badgeKey));
        setFlag(badge, "data-hinted", hinted.has(badgeKey));
      }
    }
    const drawn = this.#drawn;
    const rects = new Map<string, Rect>([...(drawn?.containers ?? []), ...(drawn?.networks ?? [])].map((p) => [p.item.key, p]));
    const missing = new Map([...this.#problems.missing, ...this.#hinted.missing].map((edge) => [edge.key, edge]));
    const isProblem = new Set(this.#problems.missing.map((edge) => edge.key));
    const isHinted = new Set(this.#hinted.missing.map((edge) => edge.key));
    const groups = [...missing.values()].flatMap((edge) => {
      const from = rects.get(edge.source);
      const to = rects.get(edge.target);
      if (!from || !to) return [];
      const attributes = {
        class: "map-missing",
        "data-testid": `map-missing-${edge.container}-${edge.network}`,
        "data-map-key": edge.key,
        "data-container": edge.container,
        "data-network": edge.network,
        "data-problem": isProblem.has(edge.key) ? "true" : undefined,
        "data-hinted": isHinted.has(edge.key) ? "true" : undefined,
      };
      return [svg("g", attributes, ...missingContent(edge, from, to, drawn?.width ?? 0))];
    });
    this.#layers.missing.replaceChildren(...groups);
  }
}

function nodeAttributes(item: Item): Record<string, string | undefined> {
  const common = { "data-map-key": item.key, "data-kind": item.kind, "data-name": item.name };
  switch (item.kind) {
    case "host":
      return { ...common, class: "map-host", "data-testid": `map-host-${item.name}`, "data-host": item.name };
    case "network":
      return {
        ...common,
        class: "map-node map-network",
        "data-testid": `map-node-network-${item.name}`,
        "data-map-id": item.id,
        "data-host": item.host,
        "data-driver": item.driver,
        "data-builtin": String(item.builtin),
      };
    case "container":
      return {
        ...common,
        class: "map-node map-container",
        "data-testid": `map-node-container-${item.name}`,
        "data-map-id": item.id,
        "data-host": item.host,
        "data-state": item.state,
        "data-special": item.special,
      };
  }
}

function setFlag(element: Element, name: string, on: boolean): void {
  if (on) element.setAttribute(name, "true");
  else element.removeAttribute(name);
}

// Restarts the element's entrance animation.
function replay(element: SVGElement): void {
  element.classList.remove("map-enter");
  void element.getBoundingClientRect();
  element.classList.add("map-enter");
}
