/**
 * What reads a running sandbox host: its short commands, and its own engine's API. A session reads
 * through its SandboxAgents (a kept helper and connection); a one-off reader asks the machine's
 * engine for an exec per command and opens a connection per round of API requests.
 */
import type { Engine, HostExec } from "../docker/engine.ts";
import { apiOnce, type EngineApi } from "./engine-api.ts";

/** Runs a sandbox host's short commands and asks its engine's API. */
export interface SandboxReader extends HostExec, EngineApi {}

/** A reader through the machine's engine alone, with nothing kept between reads. */
export function oneOffReader(engine: Engine): SandboxReader {
  return {
    execCapture: (containerId, cmd, options) => engine.execCapture(containerId, cmd, options),
    engineApi: (containerId, paths, options) => apiOnce(engine, containerId, paths, options),
  };
}
