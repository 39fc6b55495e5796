import type { LabPanel } from "../lab/lab-panel.ts";
import { createElkLayouter } from "./elk-layout.ts";
import { MapController } from "./map-controller.ts";
import { MapDom } from "./map-dom.ts";
import { createCanvasMeasure } from "./measure.ts";
import { browserMapOrderStore } from "./order-store.ts";
import { browserMapViewStore } from "./view-memory.ts";

/** Below this width the map is shown as a list (kept in step with site/styles/map.css). */
export const NARROW_MAP_QUERY = "(max-width: 699.98px)";

/** Brings the network map in each lab panel to life (a panel with a `data-map-part="view"` element), fed by that panel. */
export function mountMaps(panels: readonly LabPanel[]): MapController[] {
  const controllers: MapController[] = [];
  const measure = createCanvasMeasure();
  for (const panel of panels) {
    const lesson = panel.element.getAttribute("data-lesson");
    if (!lesson || !panel.element.querySelector("[data-map-part=view]")) continue;
    controllers.push(
      new MapController({
        dom: new MapDom(panel.element),
        source: panel,
        store: browserMapViewStore(),
        order: browserMapOrderStore(lesson),
        layouter: createElkLayouter(),
        measure,
        narrow: window.matchMedia(NARROW_MAP_QUERY),
      }),
    );
  }
  return controllers;
}
