/**
 * The lab server's way to run short commands in one session's sandbox hosts: through each host's
 * helper (see host-agent.ts), or with a `docker exec` of its own while a helper cannot serve.
 */
import type { CaptureResult, Engine, HostExec } from "../docker/engine.ts";
import { AgentUnavailable, HostAgent } from "./host-agent.ts";

/** After a helper fails to start, commands go by `docker exec` this long before it is tried again. */
const RETRY_AFTER_MS = 30_000;

/** Runs commands in the hosts of one sandbox, each through its helper when it can. */
export class SandboxAgents implements HostExec {
  readonly #engine: Pick<Engine, "execCapture" | "execPipe">;
  readonly #agents = new Map<string, HostAgent>();
  /** When each host's helper may be tried again, for hosts whose helper failed. */
  readonly #retryAt = new Map<string, number>();
  #closed = false;

  constructor(engine: Pick<Engine, "execCapture" | "execPipe">) {
    this.#engine = engine;
  }

  /** Runs `cmd` in host container `containerId`; resolves as `Engine.execCapture` does. */
  async execCapture(containerId: string, cmd: string[], options: { timeoutMs: number; maxBytes?: number }): Promise<CaptureResult> {
    const agent = this.#agent(containerId);
    if (agent) {
      try {
        return await agent.run(cmd, options);
      } catch (err) {
        if (!(err instanceof AgentUnavailable)) throw err;
        // A helper the learner ended, or one that never started: this command still runs, and the
        // next one starts a new helper unless starting is what failed.
        if (err.reason === "start") this.#retryAt.set(containerId, Date.now() + RETRY_AFTER_MS);
      }
    }
    return this.#engine.execCapture(containerId, cmd, options);
  }

  /** Ends every helper; commands asked for later go by `docker exec`. */
  close(): void {
    this.#closed = true;
    for (const agent of this.#agents.values()) agent.close();
    this.#agents.clear();
  }

  #agent(containerId: string): HostAgent | undefined {
    if (this.#closed) return undefined;
    const retryAt = this.#retryAt.get(containerId);
    if (retryAt !== undefined) {
      if (Date.now() < retryAt) return undefined;
      this.#retryAt.delete(containerId);
    }
    let agent = this.#agents.get(containerId);
    if (!agent) {
      agent = new HostAgent(this.#engine, containerId);
      this.#agents.set(containerId, agent);
    }
    return agent;
  }
}
