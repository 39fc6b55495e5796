/**
 * Follows every host's engine events in a sandbox and announces, debounced, that something
 * changed. The exercise checks and the network map both listen, so one event stream serves both.
 */
import { EventEmitter } from "node:events";
import type { Engine } from "../docker/engine.ts";
import { toLabError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { ENGINE_CONNECTION } from "./engine-api.ts";

/** Quiet time after an engine event before announcing, so a burst costs one evaluation. */
const DEBOUNCE_MS = 200;
/** Pauses before following a host's events again, growing while the engine does not answer. */
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 8000;

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
  #generation = 0;
  /** When the watcher was made, in Unix seconds: the first streams replay events from then. */
  readonly #createdAt = unixSecondsAgo(1);

  constructor(engine: Engine, sandbox: Sandbox, log: Logger) {
    super();
    this.#engine = engine;
    this.#sandbox = sandbox;
    this.#log = log;
  }

  /** Starts following every host's events. */
  async start(): Promise<void> {
    await Promise.all(this.#sandbox.hosts.map((host) => this.#follow(host.containerId, this.#createdAt)));
  }

  /**
   * How many changes have been seen so far: it moves at once with every event (and when the events
   * stream had to be followed again, since some may have been missed), before the debounced announcement.
   */
  get generation(): number {
    return this.#generation;
  }

  /** Announces a change after `delayMs` unless another comes first. */
  poke(delayMs = DEBOUNCE_MS): void {
    if (this.#stopped) return;
    this.#generation += 1;
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

  /**
   * Follows one host's events from `since` (Unix seconds): the stream subscribes a moment after its
   * exec starts, and what the learner does in that moment (a first command typed at once, say)
   * would be missed without the replay. The stream is the engine API's own `/events`, read through
   * `nc` in the host: a few hundred kilobytes of memory where the docker CLI's `docker events`
   * held some eight megabytes in every host for as long as the lab ran.
   */
  async #follow(containerId: string, since: number, retryMs = RETRY_MIN_MS): Promise<void> {
    const restart = (delayMs = RETRY_MIN_MS) => {
      const resumeFrom = unixSecondsAgo(1);
      // The events stream ends if the host's engine (or the machine's) restarts; follow it again
      // while the session lives, and announce a change: anything may have happened meanwhile.
      if (this.#stopped) return;
      setTimeout(() => {
        this.poke();
        void this.#follow(containerId, resumeFrom, delayMs).catch(() => undefined);
      }, delayMs);
    };
    try {
      const lines = new EventLines();
      const pipe = await this.#engine.execPipe(
        containerId,
        ENGINE_CONNECTION,
        (chunk) => {
          if (lines.push(chunk)) this.poke();
        },
        () => restart(),
      );
      // HTTP/1.0, so that the engine streams the events as they are, one JSON object a line, unchunked.
      pipe.write(`GET /events?since=${since} HTTP/1.0\r\n\r\n`);
      if (this.#stopped) pipe.stop();
      else this.#stops.push(() => pipe.stop());
    } catch (err) {
      const error = toLabError(err);
      // A sandbox that is gone has nothing left to follow; its session reports that to the learner.
      if (error.code === "LAB_ERR_SANDBOX_GONE") return;
      if (error.code !== "LAB_ERR_ENGINE_UNREACHABLE") this.#log.warn("could not follow sandbox events", err);
      restart(Math.min(retryMs * 2, RETRY_MAX_MS));
    }
  }
}

/** Longest line kept while it is still arriving; an event is a few hundred bytes. */
const MAX_LINE_BYTES = 64 * 1024;

/** Reads an engine's event stream, a JSON object a line after the reply's headers, as its bytes arrive. */
export class EventLines {
  #partial = "";

  /**
   * Takes the next bytes; true if they complete an event that changes the sandbox. Exec events do
   * not: the learner's `docker exec` changes nothing a check reads, and counting them would let
   * evaluating trigger itself should a check ever run one.
   */
  push(chunk: Buffer): boolean {
    const lines = (this.#partial + chunk.toString("utf8")).split("\n");
    this.#partial = lines.pop() ?? "";
    // A line this long is no event: drop it rather than hold it.
    if (this.#partial.length > MAX_LINE_BYTES) this.#partial = "";
    let relevant = false;
    for (const line of lines) {
      if (!line.startsWith("{")) continue;
      const action = actionOf(line);
      if (action !== undefined && !action.startsWith("exec_")) relevant = true;
    }
    return relevant;
  }
}

function actionOf(line: string): string | undefined {
  try {
    const event: unknown = JSON.parse(line);
    if (typeof event !== "object" || event === null) return undefined;
    const { Action: action, status } = event as { Action?: unknown; status?: unknown };
    if (typeof action === "string") return action;
    return typeof status === "string" ? status : undefined;
  } catch {
    return undefined;
  }
}

/** Unix seconds, `seconds` ago: `--since` has whole-second resolution, and a replayed event only costs a re-check. */
function unixSecondsAgo(seconds: number): number {
  return Math.floor(Date.now() / 1000) - seconds;
}
