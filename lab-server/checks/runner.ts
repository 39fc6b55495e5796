/**
 * Keeps a session's exercise results current: re-evaluates when a sandbox engine reports an event
 * (debounced), when the learner presses Enter, and on request; emits results when they change.
 */
import { EventEmitter } from "node:events";
import type { Exercise, ExerciseResult } from "../../common/schemas/checks.ts";
import type { Engine } from "../docker/engine.ts";
import type { Logger } from "../log.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { evaluateExercises } from "./evaluate.ts";

/** Quiet time after an engine event before evaluating, so a burst costs one evaluation. */
const EVENT_DEBOUNCE_MS = 250;
/** After Enter, a command may take a moment to change anything an event would not show (a listener starting). */
const COMMAND_DEBOUNCE_MS = 700;

/** Events of a runner. */
export interface RunnerEvents {
  results: [results: ExerciseResult[]];
}

/** Watches one sandbox and evaluates one lesson's exercises. */
export class CheckRunner extends EventEmitter<RunnerEvents> {
  readonly #engine: Engine;
  readonly #sandbox: Sandbox;
  readonly #exercises: readonly Exercise[];
  readonly #log: Logger;
  readonly #stops: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  #pending: Promise<ExerciseResult[]> | undefined;
  #stopped = false;
  #latest: ExerciseResult[] | undefined;
  #latestJson = "";

  constructor(engine: Engine, sandbox: Sandbox, exercises: readonly Exercise[], log: Logger) {
    super();
    this.#engine = engine;
    this.#sandbox = sandbox;
    this.#exercises = exercises;
    this.#log = log;
  }

  /** The last results, if any evaluation has finished. */
  get latest(): ExerciseResult[] | undefined {
    return this.#latest;
  }

  /** Follows each host's `docker events` and evaluates once. */
  async start(): Promise<void> {
    await Promise.all(this.#sandbox.hosts.map((host) => this.#follow(host.containerId)));
    await this.evaluate();
  }

  /** Evaluates after `delayMs` unless another request comes first. */
  schedule(delayMs = EVENT_DEBOUNCE_MS): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.evaluate(), delayMs);
  }

  /** The learner ran a command. */
  commandEntered(): void {
    this.schedule(COMMAND_DEBOUNCE_MS);
  }

  /**
   * Evaluates as soon as any evaluation under way has finished. Requests that arrive while one is
   * waiting share it, so at most one runs and one waits, however fast requests come.
   */
  evaluate(): Promise<ExerciseResult[]> {
    if (this.#pending) return this.#pending;
    const next = this.#tail.then(async () => {
      this.#pending = undefined;
      const results = await evaluateExercises(this.#exercises, this.#engine, this.#sandbox);
      this.#publish(results);
      return results;
    });
    this.#pending = next;
    this.#tail = next.catch(() => undefined);
    return next;
  }

  /** Stops watching. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const stop of this.#stops.splice(0)) stop();
    this.removeAllListeners();
  }

  #publish(results: ExerciseResult[]): void {
    if (this.#stopped) return;
    const json = JSON.stringify(results);
    this.#latest = results;
    if (json === this.#latestJson) return;
    this.#latestJson = json;
    this.emit("results", results);
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
        () => this.schedule(),
        restart,
      );
      this.#stops.push(stop);
    } catch (err) {
      this.#log.warn("could not follow sandbox events", err);
      restart();
    }
  }
}
