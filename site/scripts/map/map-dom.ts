import { type Disposable, DisposableStore, listen } from "../lib/disposables.ts";
import { renderMapList } from "./list-dom.ts";
import type { MapListSection } from "./model/list.ts";
import type { MapViewMode } from "./view-memory.ts";

/** Where the drawing is: not started, being laid out, on screen, or failed (the list stands in). */
export type MapLayoutState = "none" | "pending" | "ready" | "failed";

/** Why the map has nothing (or little) to show. */
export type MapEmptyReason = "idle" | "starting" | "loading" | "empty" | "no-containers";

// Long enough for a screen reader to notice the region was emptied before the new text lands.
const ANNOUNCE_DELAY_MS = 120;

function part<T extends Element>(root: ParentNode, name: string, type: abstract new () => T): T {
  const element = root.querySelector(`[data-map-part="${name}"]`);
  if (!(element instanceof type)) throw new Error(`network map markup is missing its "${name}" part`);
  return element;
}

function setFlag(element: Element, name: string, on: boolean): void {
  if (on) element.setAttribute(name, "true");
  else element.removeAttribute(name);
}

/**
 * The map's markup (MapView.astro, and the Map button in TerminalPanel.astro) and everything that
 * changes it except the drawing itself: view mode, list, empty and error states, live region.
 */
export class MapDom implements Disposable {
  /** The lab panel; its `data-map-view` attribute places the map beside or instead of the terminal. */
  readonly panel: HTMLElement;
  /** Where the SVG goes (`data-testid="network-map"`). */
  readonly canvas: HTMLElement;
  readonly #store = new DisposableStore();
  readonly #view: HTMLElement;
  readonly #toggle: HTMLButtonElement;
  readonly #expand: HTMLButtonElement;
  readonly #listToggle: HTMLButtonElement;
  readonly #empty: HTMLElement;
  readonly #note: HTMLElement;
  readonly #list: HTMLElement;
  readonly #live: HTMLElement;
  #announcing: Disposable | undefined;

  constructor(panel: HTMLElement) {
    this.panel = panel;
    this.#toggle = part(panel, "toggle", HTMLButtonElement);
    this.#view = part(panel, "view", HTMLElement);
    this.#expand = part(this.#view, "expand", HTMLButtonElement);
    this.#listToggle = part(this.#view, "list-toggle", HTMLButtonElement);
    this.#empty = part(this.#view, "empty", HTMLElement);
    this.#note = part(this.#view, "note", HTMLElement);
    this.canvas = part(this.#view, "canvas", HTMLElement);
    this.#list = part(this.#view, "list", HTMLElement);
    this.#live = part(this.#view, "live", HTMLElement);
  }

  /** Calls `handler` when the learner presses the Map button. */
  onToggle(handler: () => void): Disposable {
    return this.#store.add(listen(this.#toggle, "click", handler));
  }

  /** Calls `handler` when the learner presses Enlarge. */
  onExpand(handler: () => void): Disposable {
    return this.#store.add(listen(this.#expand, "click", handler));
  }

  /** Calls `handler` when the learner presses Show as list. */
  onListToggle(handler: () => void): Disposable {
    return this.#store.add(listen(this.#listToggle, "click", handler));
  }

  /** Calls `handler` when the learner picks a host's terminal tab. */
  onHostTab(handler: () => void): Disposable {
    const tabs = this.panel.querySelector<HTMLElement>("[data-lab-part=tabs]");
    if (!tabs) return { dispose() {} };
    return this.#store.add(
      listen(tabs, "click", (event) => {
        if (event.target instanceof Element && event.target.closest("[role=tab]")) handler();
      }),
    );
  }

  /** Calls `handler` with the drawing area's size whenever it changes. */
  onResize(handler: (width: number, height: number) => void): Disposable {
    const observer = new ResizeObserver(() => handler(this.canvas.clientWidth, this.canvas.clientHeight));
    observer.observe(this.canvas);
    return this.#store.defer(() => observer.disconnect());
  }

  /** The drawing area's size now. */
  get canvasSize(): { width: number; height: number } {
    return { width: this.canvas.clientWidth, height: this.canvas.clientHeight };
  }

  /** Shows the map beside the terminal, instead of it, or not at all. */
  setMode(mode: MapViewMode): void {
    this.panel.setAttribute("data-map-view", mode);
    this.#toggle.setAttribute("aria-pressed", String(mode !== "off"));
    this.#expand.setAttribute("aria-pressed", String(mode === "full"));
    this.#view.hidden = mode === "off";
  }

  /** Shows whether the list is chosen; `available` is false where the list is the only way (narrow screens). */
  setListMode(on: boolean, available: boolean): void {
    this.#listToggle.setAttribute("aria-pressed", String(on));
    this.#listToggle.hidden = !available;
  }

  /** Shows why there is little or nothing to draw, or hides the message. */
  setEmpty(empty: { reason: MapEmptyReason; text: string } | undefined): void {
    this.#empty.hidden = empty === undefined;
    this.#empty.textContent = empty?.text ?? "";
    for (const element of [this.#empty, this.#view]) {
      if (empty) element.setAttribute("data-empty", empty.reason);
      else element.removeAttribute("data-empty");
    }
  }

  /** Shows a short note beside the title (what the marks mean, or why there is a list), or hides it. */
  setNote(text: string | undefined, tone: "problem" | "info" = "info"): void {
    this.#note.hidden = text === undefined;
    this.#note.textContent = text ?? "";
    this.#note.setAttribute("data-tone", tone);
  }

  /** Records the drawing's state in `data-layout` (browser tests wait for `ready`). */
  setLayout(state: MapLayoutState): void {
    this.canvas.setAttribute("data-layout", state);
  }

  /** Shows the drawing and/or the list; a list that is not shown stays readable by screen readers. */
  show(parts: { drawing: boolean; list: boolean }): void {
    this.canvas.hidden = !parts.drawing;
    this.#list.classList.toggle("visually-hidden", !parts.list);
    this.#list.setAttribute("data-visible", String(parts.list));
  }

  /** Fills the list. */
  renderList(sections: readonly MapListSection[]): void {
    renderMapList(this.#list, sections);
  }

  /** Marks list lines the way the drawing marks its elements. */
  markList(problems: ReadonlySet<string>, hinted: ReadonlySet<string>): void {
    for (const line of this.#list.querySelectorAll<HTMLElement>("[data-map-key]")) {
      const key = line.getAttribute("data-map-key") ?? "";
      setFlag(line, "data-problem", problems.has(key));
      setFlag(line, "data-hinted", hinted.has(key));
    }
  }

  /** Scrolls the drawing area (only it, not the page) so that `element` is in view. */
  reveal(element: Element): void {
    const box = element.getBoundingClientRect();
    const view = this.canvas.getBoundingClientRect();
    const margin = 16;
    if (box.left < view.left || box.right > view.right) this.canvas.scrollLeft += box.left - view.left - margin;
    if (box.top < view.top || box.bottom > view.bottom) this.canvas.scrollTop += box.top - view.top - margin;
  }

  /** True when keyboard focus is inside the map view. */
  containsFocus(): boolean {
    return this.#view.contains(document.activeElement);
  }

  /** Moves keyboard focus to the Map button (e.g. when the view it was in closes). */
  focusToggle(): void {
    this.#toggle.focus();
  }

  /** Speaks `text` through the polite live region. */
  announce(text: string): void {
    this.#announcing?.dispose();
    this.#live.textContent = "";
    this.#announcing = this.#store.setTimeout(() => {
      this.#live.textContent = text;
    }, ANNOUNCE_DELAY_MS);
  }

  dispose(): void {
    this.#store.dispose();
  }
}
