/**
 * Follows every host's `docker events` in a sandbox and announces, debounced, that something
 * changed. The exercise checks and the network map both listen, so one event stream serves both.
 */
import { EventEmitter } from "node:events";
import type { Engine } from "../docker/engine.ts";
import type { Logger } from "../log.ts";
import type { Sandbox } from "./sandbox.ts";

/** Quiet time after an engine event before announcing, so a burst costs one evaluation. */
const DEBOUNCE_MS = 200;

/** Events of a watcher. */
export interface WatcherEvents {
  /** Something in the sandbox's engines changed. */
  change: [];
}

/** Watches one sandbox. */
export class SandboxWatcher extends EventEmitter<WatcherEvents> {
  readonly #engine: Engine;
  readonly #sandbox: Sandbox;
  readonly #log: Logger;
  readonly #stops: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(engine: Engine, sandbox: Sandbox, log: Logger) {
    super();
    this.#engine = engine;
    this.#sandbox = sandbox;
    this.#log = log;
  }

  /** Starts following every host's events. */
  async start(): Promise<void> {
    await Promise.all(this.#sandbox.hosts.map((host) => this.#follow(host.containerId)));
  }

  /** Announces a change after `delayMs` unless another comes first. */
  poke(delayMs = DEBOUNCE_MS): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.emit("change"), delayMs);
  }

  /** Stops following. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const stop of this.#stops.splice(0)) stop();
    this.removeAllListeners();
  }

  async #follow(containerId: string): Promise<void> {
    const restart = () => {
      // The events stream ends if the host's engine restarts; follow it again while the session lives.
      if (!this.#stopped) setTimeout(() => void this.#follow(containerId).catch(() => undefined), 1000);
    };
    try {
      const stop = await this.#engine.execFollow(
        containerId,
        ["docker", "events", "--format", "{{.Type}} {{.Action}}"],
        (chunk) => {
          // Probes run `docker exec`: their events must not count as changes, or evaluating
          // would trigger itself forever.
          const relevant = chunk
            .toString("utf8")
            .split("\n")
            .some((line) => line.trim() !== "" && !/^container exec_/.test(line));
          if (relevant) this.poke();
        },
        restart,
      );
      if (this.#stopped) stop();
      else this.#stops.push(stop);
    } catch (err) {
      this.#log.warn("could not follow sandbox events", err);
      restart();
    }
  }
}
