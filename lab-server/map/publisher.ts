/**
 * Keeps a session's network map current: rebuilds it when the sandbox changes and emits it when
 * it differs from the last one.
 */
import { EventEmitter } from "node:events";
import type { NetworkMap } from "../../common/schemas/map.ts";
import { PROBE_TIMEOUT_MS } from "../checks/context.ts";
import { snapshotHost } from "../checks/snapshot.ts";
import type { SnapshotCache } from "../checks/snapshot-cache.ts";
import type { HostExec } from "../docker/engine.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import type { SandboxWatcher } from "../sandbox/watcher.ts";
import { SerialRunner } from "../util/serial.ts";
import { buildMap } from "./build.ts";
import { readLinks } from "./links.ts";

/** Events of a publisher. */
export interface MapEvents {
  map: [map: NetworkMap];
}

/** Builds one sandbox's map; with a `cache`, from the same snapshots the checks read. */
export async function mapSandbox(engine: HostExec, sandbox: Sandbox, cache?: SnapshotCache): Promise<NetworkMap> {
  const views = await Promise.all(
    sandbox.hosts.map(async (host) => {
      const take = () => snapshotHost(engine, host, PROBE_TIMEOUT_MS * 2);
      const [snapshot, links] = await Promise.all([
        cache ? cache.get(host.name, take) : take(),
        readLinks(engine, host.containerId, PROBE_TIMEOUT_MS * 2),
      ]);
      return { name: host.name, address: host.address, snapshot, links };
    }),
  );
  return buildMap(views);
}

/** Publishes a sandbox's map as it changes. */
export class MapPublisher extends EventEmitter<MapEvents> {
  readonly #engine: HostExec;
  readonly #sandbox: Sandbox;
  readonly #watcher: SandboxWatcher;
  readonly #cache: SnapshotCache | undefined;
  readonly #onChange = () => void this.refresh();
  readonly #serial = new SerialRunner(async () => {
    const map = await mapSandbox(this.#engine, this.#sandbox, this.#cache);
    const json = JSON.stringify(map);
    if (!this.#stopped && json !== this.#latestJson) {
      this.#latest = map;
      this.#latestJson = json;
      this.emit("map", map);
    }
    return map;
  });
  #latest: NetworkMap | undefined;
  #latestJson = "";
  #stopped = false;

  /** With a `cache`, the map shares the session's snapshots with its checks. */
  constructor(engine: HostExec, sandbox: Sandbox, watcher: SandboxWatcher, cache?: SnapshotCache) {
    super();
    this.#engine = engine;
    this.#sandbox = sandbox;
    this.#watcher = watcher;
    this.#cache = cache;
    watcher.on("change", this.#onChange);
  }

  /** The last map built. */
  get latest(): NetworkMap | undefined {
    return this.#latest;
  }

  /** Rebuilds after any build under way (requests meanwhile share one rebuild). */
  refresh(): Promise<NetworkMap> {
    return this.#serial.request();
  }

  /** Stops publishing. */
  stop(): void {
    this.#stopped = true;
    this.#watcher.off("change", this.#onChange);
    this.removeAllListeners();
  }
}
