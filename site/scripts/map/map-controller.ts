import type { ElkNode } from "elkjs/lib/elk-api.js";
import type { ExerciseResult } from "../../../common/schemas/checks.ts";
import type { NetworkMap } from "../../../common/schemas/map.ts";
import type { LabPanelEvents } from "../lab/lab-panel.ts";
import { RUN_EVENT } from "../lab/run-event.ts";
import type { LabState, LabStatus } from "../lab/status.ts";
import { type Disposable, DisposableStore, listen } from "../lib/disposables.ts";
import type { Listener } from "../lib/emitter.ts";
import type { MapLayouter } from "./elk-layout.ts";
import { MAP_HINT_EVENT, type MapHintDetail, readMapHint } from "./hint-event.ts";
import { HintTargets } from "./hint-targets.ts";
import type { MapDom } from "./map-dom.ts";
import { layoutKey, toElkGraph } from "./model/elk-graph.ts";
import { failingSubjects, type Highlights, NO_HIGHLIGHTS, resolveSubjects } from "./model/highlight.ts";
import { mapListModel, mapSummary } from "./model/list.ts";
import { OrderMemory } from "./model/order.ts";
import { positionScene } from "./model/positioned.ts";
import { buildScene, type Scene } from "./model/scene.ts";
import type { Measure } from "./model/text.ts";
import type { MapOrderStore } from "./order-store.ts";
import { emptyState, hintAnnouncement, mapNote } from "./status-text.ts";
import { MapRenderer } from "./svg-renderer.ts";
import type { MapViewMemory, MapViewStore } from "./view-memory.ts";

/** Where the map's data comes from: the lab panel. */
export interface MapSource {
  on<K extends keyof LabPanelEvents>(type: K, listener: Listener<LabPanelEvents[K]>): Disposable;
  /** The lab's status now; changes arrive as `status` events. */
  readonly status: LabStatus;
}

/** What a {@link MapController} needs. */
export interface MapControllerDeps {
  readonly dom: MapDom;
  readonly source: MapSource;
  readonly store: MapViewStore;
  /** Where the order things first appeared in is kept across reloads. */
  readonly order: MapOrderStore;
  readonly layouter: MapLayouter;
  readonly measure: Measure;
  /** Matches while the screen is too narrow for a drawing; the list stands in then. */
  readonly narrow: MediaQueryList;
}

/** The latest map and everything derived from it. */
interface Current {
  readonly map: NetworkMap;
  readonly scene: Scene;
  readonly graph: ElkNode;
  /** Changes when the layout's input changes. */
  readonly layoutKey: string;
  /** Changes when anything drawn changes. */
  readonly contentKey: string;
  readonly summary: string;
}

// In these states there is no sandbox (any more, or yet), so no map describes anything.
const NO_SANDBOX: ReadonlySet<LabState> = new Set(["idle", "starting", "ended"]);

/**
 * The network map's behaviour: lab panel events in (map, checks, status), a drawing and a list
 * out. It keeps the layout's input order stable, lays out again only when what is drawn changed,
 * marks what failing checks and `<MapHint>`s point at, and remembers how the learner likes it.
 */
export class MapController implements Disposable {
  readonly #deps: MapControllerDeps;
  readonly #store = new DisposableStore();
  readonly #order: OrderMemory;
  readonly #renderer: MapRenderer;
  readonly #hints: HintTargets;
  readonly #memory: MapViewMemory;
  #lab: LabState;
  #current: Current | undefined;
  #drawn: string | undefined;
  #drawing: string | undefined;
  #layout: { readonly key: string; readonly result: ElkNode } | undefined;
  #failed: string | undefined;
  #subjects: readonly string[] = [];
  #reveal = false;

  constructor(deps: MapControllerDeps) {
    this.#deps = deps;
    const { dom, source, store, narrow } = deps;
    this.#store.add(dom);
    this.#store.add(deps.layouter);
    this.#renderer = this.#store.add(new MapRenderer(dom.canvas));
    this.#hints = this.#store.add(new HintTargets(() => this.#mark()));
    this.#memory = store.load();
    this.#lab = source.status.state;
    if (this.#lab === "idle" || this.#lab === "ended") deps.order.clear();
    this.#order = new OrderMemory(deps.order.load());
    this.#store.add(source.on("status", (status) => this.#status(status.state)));
    this.#store.add(source.on("map", ({ map }) => this.#map(map)));
    this.#store.add(source.on("checks", ({ results }) => this.#checks(results)));
    this.#store.add(dom.onToggle(() => this.#setMode(this.#memory.mode === "off" ? "split" : "off")));
    this.#store.add(dom.onExpand(() => this.#setMode(this.#memory.mode === "full" ? "split" : "full")));
    this.#store.add(dom.onListToggle(() => this.#setList(!this.#memory.list)));
    this.#store.add(dom.onHostTab(() => this.#showTerminal()));
    this.#store.add(dom.onResize((width, height) => this.#renderer.fit(width, height)));
    this.#store.add(listen(document, RUN_EVENT, () => this.#showTerminal()));
    this.#store.add(listen(document, MAP_HINT_EVENT, (event) => this.#hint(readMapHint(event))));
    const onNarrow = () => this.#update();
    narrow.addEventListener("change", onNarrow);
    this.#store.defer(() => narrow.removeEventListener("change", onNarrow));
    this.#update();
  }

  /** The scene now shown (for tests and debugging). */
  get scene(): Scene | undefined {
    return this.#current?.scene;
  }

  dispose(): void {
    this.#store.dispose();
  }

  #status(state: LabState): void {
    this.#lab = state;
    if (NO_SANDBOX.has(state) && this.#current) this.#reset();
    if (state === "idle" || state === "ended") {
      this.#order.clear();
      this.#deps.order.clear();
    }
    this.#update();
  }

  #map(map: NetworkMap): void {
    // Every host's socket sends the same map; a late one from a lab that has ended is stale.
    if (NO_SANDBOX.has(this.#lab)) return;
    const seen = this.#order.keys.length;
    const scene = buildScene(map, this.#order, this.#deps.measure);
    if (this.#order.keys.length !== seen) this.#deps.order.save(this.#order.keys);
    const contentKey = JSON.stringify(scene);
    if (contentKey === this.#current?.contentKey) return;
    const graph = toElkGraph(scene);
    this.#current = { map, scene, graph, layoutKey: layoutKey(graph), contentKey, summary: mapSummary(map, scene) };
    this.#deps.dom.renderList(mapListModel(map, scene));
    this.#update();
  }

  #checks(results: readonly ExerciseResult[]): void {
    this.#subjects = failingSubjects(results);
    this.#mark();
  }

  #reset(): void {
    this.#current = undefined;
    this.#drawn = undefined;
    this.#layout = undefined;
    this.#failed = undefined;
    this.#subjects = [];
    this.#renderer.clear();
    this.#deps.dom.renderList([]);
  }

  // Brings the markup in line with the state: mode, empty message, drawing or list, marks.
  #update(): void {
    const { dom, narrow } = this.#deps;
    const { mode, list } = this.#memory;
    const current = this.#current;
    dom.setMode(mode);
    dom.setListMode(list, !narrow.matches);
    dom.setEmpty(emptyState(this.#lab, current?.scene));
    const scene = current?.scene;
    const failed = current !== undefined && this.#failed === current.layoutKey;
    const content = scene !== undefined && scene.networks.length + scene.containers.length > 0;
    const drawing = mode !== "off" && !list && !narrow.matches && !failed && scene !== undefined && (content || scene.hosts.length > 0);
    dom.show({ drawing, list: content && (list || narrow.matches || failed) });
    if (failed) dom.setLayout("failed");
    else if (!drawing) dom.setLayout(current !== undefined && this.#drawn === current.contentKey ? "ready" : "none");
    this.#mark();
    if (drawing) void this.#draw();
  }

  async #draw(): Promise<void> {
    const current = this.#current;
    if (!current || this.#drawn === current.contentKey || this.#drawing === current.contentKey) return;
    this.#drawing = current.contentKey;
    try {
      let result = this.#layout?.key === current.layoutKey ? this.#layout.result : undefined;
      if (!result) {
        this.#deps.dom.setLayout("pending");
        result = await this.#deps.layouter.layout(current.graph);
        if (this.#store.isDisposed || this.#current !== current) return;
        this.#layout = { key: current.layoutKey, result };
      }
      this.#renderer.render(positionScene(current.scene, result), current.summary);
      this.#drawn = current.contentKey;
    } catch (error) {
      if (this.#store.isDisposed || this.#current !== current) return;
      console.warn("Switchyard: the network map could not be laid out; showing it as a list", error);
      this.#failed = current.layoutKey;
      this.#update();
      return;
    } finally {
      if (this.#drawing === current.contentKey) this.#drawing = undefined;
    }
    const { width, height } = this.#deps.dom.canvasSize;
    this.#renderer.fit(width, height);
    this.#deps.dom.setLayout("ready");
    this.#mark();
    // A newer map may have come in while ELK was busy.
    if (this.#current?.contentKey !== this.#drawn) this.#update();
  }

  #mark(): void {
    const scene = this.#current?.scene;
    const problems: Highlights = scene ? resolveSubjects(this.#subjects, scene) : NO_HIGHLIGHTS;
    const hinted: Highlights = scene ? resolveSubjects(this.#hints.targets, scene) : NO_HIGHLIGHTS;
    this.#renderer.mark(problems, hinted);
    this.#deps.dom.markList(problems.keys, new Set([...hinted.keys, ...hinted.missing.map((edge) => edge.key)]));
    const failed = this.#current !== undefined && this.#failed === this.#current.layoutKey;
    const note = mapNote(failed, problems.keys.size + problems.missing.length > 0);
    this.#deps.dom.setNote(note?.text, note?.tone);
    // After a MapHint click, scroll its target into view once it is drawn.
    if (this.#reveal && this.#renderer.drawn) {
      const key = [...hinted.keys][0] ?? hinted.missing[0]?.key;
      const element = key ? this.#deps.dom.canvas.querySelector(`[data-map-key="${CSS.escape(key)}"]`) : null;
      if (element) this.#deps.dom.reveal(element);
      this.#reveal = false;
    }
  }

  #hint(detail: MapHintDetail | undefined): void {
    if (!detail) return;
    this.#reveal ||= detail.action === "show";
    this.#hints.apply(detail);
    if (detail.action !== "show") return;
    if (this.#memory.mode === "off") this.#setMode("split");
    else this.#update();
    this.#deps.dom.announce(hintAnnouncement(detail.target, this.#current?.scene));
  }

  // Typing into the terminal (a Run button, a host tab) needs the terminal on screen.
  #showTerminal(): void {
    if (this.#memory.mode === "full") this.#setMode("split");
  }

  #setMode(mode: MapViewMemory["mode"]): void {
    const hadFocus = this.#deps.dom.containsFocus();
    this.#memory.mode = mode;
    this.#deps.store.save(this.#memory);
    this.#update();
    if (mode === "off" && hadFocus) this.#deps.dom.focusToggle();
  }

  #setList(list: boolean): void {
    this.#memory.list = list;
    this.#deps.store.save(this.#memory);
    this.#update();
  }
}
