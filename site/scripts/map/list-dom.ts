import { type MapListEntry, type MapListLine, type MapListSection, NO_CONTAINERS, NO_NETWORKS } from "./model/list.ts";

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  node.append(...children);
  return node;
}

function keyed<T extends HTMLElement>(node: T, line: MapListLine): T {
  if (line.key) node.setAttribute("data-map-key", line.key);
  return node;
}

function entryItem(entry: MapListEntry): HTMLLIElement {
  const item = keyed(element("li", "map-list-entry", entry.text), entry);
  if (entry.details.length > 0) {
    item.append(
      element("ul", "map-list-details", ...entry.details.map((detail) => keyed(element("li", "map-list-detail", detail.text), detail))),
    );
  }
  return item;
}

function group(label: string, entries: readonly MapListEntry[], empty: string): HTMLElement[] {
  return [
    element("h5", "map-list-label", label),
    entries.length > 0 ? element("ul", "map-list-entries", ...entries.map(entryItem)) : element("p", "map-list-none", empty),
  ];
}

/** Fills `root` with the map as text (site/scripts/map/model/list.ts), keyed for highlighting. */
export function renderMapList(root: HTMLElement, sections: readonly MapListSection[]): void {
  root.replaceChildren(
    ...sections.map((section) => {
      const part = element("section", "map-list-section", element("h4", "map-list-heading", section.heading));
      if (section.key) part.setAttribute("data-map-key", section.key);
      part.append(...group("Networks", section.networks, NO_NETWORKS));
      if (section.containers) part.append(...group("Containers", section.containers, NO_CONTAINERS));
      return part;
    }),
  );
}
