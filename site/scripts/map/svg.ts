import { roundedPath } from "./model/path.ts";
import type { Point } from "./model/types.ts";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Creates an SVG element with attributes (undefined values are left out) and children. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string | number | undefined>> = {},
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, String(value));
  }
  element.append(...children);
  return element;
}

/** A `<path>` through `points` with rounded bends. */
export function routePath(points: readonly Point[], className: string): SVGPathElement {
  return svg("path", { class: className, d: roundedPath(points) });
}
