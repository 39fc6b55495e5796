/**
 * The lab server's way to reach into one session's sandbox hosts: short commands through each
 * host's helper (see host-agent.ts), engine API rounds through each host's kept connection (see
 * engine-pipe.ts), and a `docker exec` of their own while either cannot serve.
 */
import type { CaptureResult, Engine, HostExec } from "../docker/engine.ts";
import { type ApiOptions, apiOnce, type EngineApi } from "./engine-api.ts";
import { EnginePipe, PipeUnavailable } from "./engine-pipe.ts";
import { AgentUnavailable, HostAgent } from "./host-agent.ts";
import type { HttpReply } from "./http-replies.ts";

/** After a helper or connection fails to start, the other way is used this long before it is tried again. */
const RETRY_AFTER_MS = 30_000;

/** Runs commands and engine API rounds in the hosts of one sandbox, each the cheapest way it can. */
export class SandboxAgents implements HostExec, EngineApi {
  readonly #engine: Pick<Engine, "execCapture" | "execPipe">;
  readonly #agents = new Map<string, HostAgent>();
  readonly #pipes = new Map<string, EnginePipe>();
  /** When a host's helper (`agent:<id>`) or connection (`pipe:<id>`) that failed to start may be tried again. */
  readonly #retryAt = new Map<string, number>();
  #closed = false;

  constructor(engine: Pick<Engine, "execCapture" | "execPipe">) {
    this.#engine = engine;
  }

  /** Runs `cmd` in host container `containerId`; resolves as `Engine.execCapture` does. */
  async execCapture(containerId: string, cmd: string[], options: { timeoutMs: number; maxBytes?: number }): Promise<CaptureResult> {
    // A helper the learner ended, or one that never started: this command still runs, by exec.
    const served = await this.#viaKept(
      this.#agents,
      `agent:${containerId}`,
      () => new HostAgent(this.#engine, containerId),
      (agent) => agent.run(cmd, options),
    );
    return served ? served.result : this.#engine.execCapture(containerId, cmd, options);
  }

  /** GETs `paths` from the engine in host `containerId`; see EngineApi. */
  async engineApi(containerId: string, paths: readonly string[], options: ApiOptions): Promise<HttpReply[]> {
    // A connection refused at once means the host's engine is down: asking through the helper
    // tells the same, without a new exec each round until it is back.
    const served = await this.#viaKept(
      this.#pipes,
      `pipe:${containerId}`,
      () => new EnginePipe(this.#engine, containerId),
      (pipe) => pipe.request(paths, options),
    );
    return served ? served.result : apiOnce(this, containerId, paths, options);
  }

  /** Ends every helper and connection; what is asked later goes by `docker exec`. */
  close(): void {
    this.#closed = true;
    for (const agent of this.#agents.values()) agent.close();
    for (const pipe of this.#pipes.values()) pipe.close();
    this.#agents.clear();
    this.#pipes.clear();
  }

  /**
   * Asks the kept helper or connection for `key` (made on first use) with `use`. Undefined when
   * it cannot serve, so that the caller goes another way: while closed, while waiting to try one
   * that would not start again, or when it failed; the next request then starts a new one.
   */
  async #viaKept<T, R>(
    kept: Map<string, T>,
    key: string,
    make: () => T,
    use: (value: T) => Promise<R>,
  ): Promise<{ result: R } | undefined> {
    if (this.#closed) return undefined;
    const retryAt = this.#retryAt.get(key);
    if (retryAt !== undefined) {
      if (Date.now() < retryAt) return undefined;
      this.#retryAt.delete(key);
    }
    let value = kept.get(key);
    if (!value) {
      value = make();
      kept.set(key, value);
    }
    try {
      return { result: await use(value) };
    } catch (err) {
      if (!(err instanceof AgentUnavailable || err instanceof PipeUnavailable)) throw err;
      if (err.reason === "start") this.#retryAt.set(key, Date.now() + RETRY_AFTER_MS);
      return undefined;
    }
  }
}
