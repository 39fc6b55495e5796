import type { ELK, ElkNode } from "elkjs/lib/elk-api.js";
import type { Disposable } from "../lib/disposables.ts";

/** Lays out an ELK graph; the result has the same ids with positions filled in. */
export interface MapLayouter extends Disposable {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/**
 * A {@link MapLayouter} running elkjs in the page (no worker). ELK is large, so it is loaded the
 * first time a map is actually drawn, never for learners who keep the map closed.
 */
export function createElkLayouter(): MapLayouter {
  let elk: Promise<ELK> | undefined;
  let disposed = false;
  return {
    async layout(graph) {
      if (disposed) throw new Error("the map layouter was disposed");
      elk ??= import("elkjs/lib/elk.bundled.js").then((module) => new (constructorOf(module))());
      try {
        // ELK writes into its input; the caller keeps its graph for comparing with the next one.
        return await (await elk).layout(structuredClone(graph));
      } catch (error) {
        // A failed download may succeed next time; a failed layout is simply reported.
        elk = undefined;
        throw error;
      }
    },
    dispose() {
      disposed = true;
      void elk?.then((instance) => instance.terminateWorker()).catch(() => undefined);
    },
  };
}

// The bundle is CommonJS; depending on the bundler its class arrives as `default` or `default.default`.
function constructorOf(module: unknown): new () => ELK {
  const outer = (module as { default?: unknown }).default;
  const inner = typeof outer === "function" ? outer : (outer as { default?: unknown } | undefined)?.default;
  if (typeof inner !== "function") throw new Error("elkjs did not load as expected");
  return inner as new () => ELK;
}
