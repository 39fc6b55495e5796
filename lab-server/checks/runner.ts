/**
 * Keeps a session's exercise results current: re-evaluates when the sandbox changes, when the
 * learner presses Enter, and on request; emits results when they change.
 */
import { EventEmitter } from "node:events";
import type { Exercise, ExerciseResult } from "../../common/schemas/checks.ts";
import type { SandboxReader } from "../inspect/reader.ts";
import { SnapshotCache } from "../inspect/snapshot-cache.ts";
import type { SandboxWatcher } from "../inspect/watcher.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { LiveValue } from "../util/live-value.ts";
import { evaluateExercises } from "./evaluate.ts";

/** After Enter, a command may change what no engine event shows (a listener starting inside a container). */
const COMMAND_DELAY_MS = 700;

/** Events of a runner. */
export interface RunnerEvents {
  results: [results: ExerciseResult[]];
}

/** Evaluates one lesson's exercises against one sandbox. */
export class CheckRunner extends EventEmitter<RunnerEvents> {
  readonly #engine: SandboxReader;
  readonly #sandbox: Sandbox;
  readonly #exercises: readonly Exercise[];
  readonly #onChange = () => void this.evaluate();
  readonly #watcher: SandboxWatcher;
  #timer: NodeJS.Timeout | undefined;
  readonly #cache: SnapshotCache;
  readonly #results = new LiveValue<ExerciseResult[]>({
    compute: () => evaluateExercises(this.#exercises, this.#engine, this.#sandbox, this.#cache),
    publish: (results) => void this.emit("results", results),
  });
  #stopped = false;

  /** `cache` holds the session's snapshots (the map reads the same); one is made if none is given. */
  constructor(
    engine: SandboxReader,
    sandbox: Sandbox,
    exercises: readonly Exercise[],
    watcher: SandboxWatcher,
    cache = new SnapshotCache(() => watcher.generation),
  ) {
    super();
    this.#engine = engine;
    this.#sandbox = sandbox;
    this.#exercises = exercises;
    this.#watcher = watcher;
    this.#cache = cache;
    watcher.on("change", this.#onChange);
  }

  /** The last results, if any evaluation has finished. */
  get latest(): ExerciseResult[] | undefined {
    return this.#results.latest;
  }

  /** The learner ran a command. */
  commandEntered(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.evaluate(), COMMAND_DELAY_MS);
  }

  /**
   * Evaluates as soon as any evaluation under way has finished. Requests that arrive while one is
   * waiting share it, so at most one runs and one waits, however fast requests come.
   */
  evaluate(): Promise<ExerciseResult[]> {
    return this.#results.refresh();
  }

  /** Stops evaluating. */
  stop(): void {
    this.#stopped = true;
    this.#results.stop();
    clearTimeout(this.#timer);
    this.#watcher.off("change", this.#onChange);
    this.removeAllListeners();
  }
}
