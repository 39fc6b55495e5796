/**
 * Keeps a session's network map current: rebuilds it when the sandbox changes and emits it when
 * it differs from the last one.
 */
import { EventEmitter } from "node:events";
import type { NetworkMap } from "../../common/schemas/map.ts";
import { HOST_READ_TIMEOUT_MS } from "../inspect/deadline.ts";
import type { SandboxReader } from "../inspect/reader.ts";
import { readHost, type SnapshotCache } from "../inspect/snapshot-cache.ts";
import type { SandboxWatcher } from "../inspect/watcher.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { LiveValue } from "../util/live-value.ts";
import { buildMap } from "./build.ts";
import { readLinks } from "./links.ts";

/** Events of a publisher. */
export interface MapEvents {
  map: [map: NetworkMap];
}

/** Builds one sandbox's map; with a `cache`, from the same snapshots the checks read. */
export async function mapSandbox(reader: SandboxReader, sandbox: Sandbox, cache?: SnapshotCache): Promise<NetworkMap> {
  const views = await Promise.all(
    sandbox.hosts.map(async (host) => {
      const [snapshot, links] = await Promise.all([
        readHost(reader, host, cache),
        readLinks(reader, host.containerId, HOST_READ_TIMEOUT_MS),
      ]);
      return { name: host.name, address: host.address, snapshot, links };
    }),
  );
  return buildMap(views);
}

/** Publishes a sandbox's map as it changes. */
export class MapPublisher extends EventEmitter<MapEvents> {
  readonly #engine: SandboxReader;
  readonly #sandbox: Sandbox;
  readonly #watcher: SandboxWatcher;
  readonly #cache: SnapshotCache | undefined;
  readonly #onChange = () => void this.refresh();
  readonly #map = new LiveValue<NetworkMap>({
    compute: () => mapSandbox(this.#engine, this.#sandbox, this.#cache),
    publish: (map) => void this.emit("map", map),
  });

  /** With a `cache`, the map shares the session's snapshots with its checks. */
  constructor(engine: SandboxReader, sandbox: Sandbox, watcher: SandboxWatcher, cache?: SnapshotCache) {
    super();
    this.#engine = engine;
    this.#sandbox = sandbox;
    this.#watcher = watcher;
    this.#cache = cache;
    watcher.on("change", this.#onChange);
  }

  /** The last map built. */
  get latest(): NetworkMap | undefined {
    return this.#map.latest;
  }

  /** Rebuilds after any build under way (requests meanwhile share one rebuild). */
  refresh(): Promise<NetworkMap> {
    return this.#map.refresh();
  }

  /** Stops publishing. */
  stop(): void {
    this.#map.stop();
    this.#watcher.off("change", this.#onChange);
    this.removeAllListeners();
  }
}
