/**
 * Decides how this server's sandboxes are isolated, from what the outer engine offers, and refuses
 * to start any when it offers nothing that holds against a learner's root (profile.ts). There is
 * no silent fall-back to the unisolated profile: only SWITCHYARD_UNISOLATED_SANDBOXES=1 picks it.
 */
import type { SandboxLimits } from "../config.ts";
import type { Engine } from "../docker/engine.ts";
import { LabError } from "../errors.ts";
import type { IsolationMode } from "./profile.ts";

/** Runtimes that put every container in a user namespace of its own by design. */
const USERNS_RUNTIMES = new Set(["sysbox-runc"]);

/** What an engine offers, as `Engine.isolationSupport` reports it. */
export interface IsolationSupport {
  userns: boolean;
  runtimes: string[];
}

/** The mode for sandboxes under `limits` on an engine offering `support`; throws LAB_ERR_ISOLATION_UNAVAILABLE when none holds. */
export function chooseIsolation(support: IsolationSupport, limits: Pick<SandboxLimits, "runtime" | "allowUnisolated">): IsolationMode {
  const { runtime } = limits;
  if (runtime && runtime !== "runc") {
    if (!support.runtimes.includes(runtime)) {
      throw new LabError(
        "LAB_ERR_ISOLATION_UNAVAILABLE",
        `SWITCHYARD_RUNTIME is ${runtime}, which this Docker Engine does not know (it has: ${support.runtimes.join(", ") || "none"}). Install it in the engine, or unset SWITCHYARD_RUNTIME.`,
      );
    }
    if (USERNS_RUNTIMES.has(runtime)) return "runtime";
  }
  if (support.userns) return "userns";
  if (limits.allowUnisolated) return "unisolated";
  throw new LabError("LAB_ERR_ISOLATION_UNAVAILABLE");
}

/** Per engine, the decision for each setting of runtime and opt-in. */
const decided = new WeakMap<Engine, Map<string, Promise<IsolationMode>>>();

/**
 * The isolation mode for `engine`, asked of it once and remembered (a failed or refused answer is
 * asked again next time, so an operator who fixes the engine need not restart the server).
 */
export function sandboxIsolation(engine: Engine, limits: Pick<SandboxLimits, "runtime" | "allowUnisolated">): Promise<IsolationMode> {
  let byLimits = decided.get(engine);
  if (!byLimits) {
    byLimits = new Map();
    decided.set(engine, byLimits);
  }
  const key = `${limits.runtime ?? ""}|${limits.allowUnisolated}`;
  let mode = byLimits.get(key);
  if (!mode) {
    mode = engine.isolationSupport().then((support) => chooseIsolation(support, limits));
    byLimits.set(key, mode);
    mode.catch(() => byLimits.delete(key));
  }
  return mode;
}
