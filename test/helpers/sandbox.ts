/**
 * A bare sandbox for check tests: provisioned on the real engine, with a helper to run shell on
 * its hosts and evaluate single checks against it.
 */
import type { Check, CheckResult } from "../../common/schemas/checks.ts";
import { check as checkSchema } from "../../common/schemas/checks.ts";
import { CheckContext } from "../../lab-server/checks/context.ts";
import { evaluateCheck } from "../../lab-server/checks/kinds/index.ts";
import type { Config } from "../../lab-server/config.ts";
import { Engine } from "../../lab-server/docker/engine.ts";
import { hostImageRef, recipeHash } from "../../lab-server/images/recipes.ts";
import { oneOffReader } from "../../lab-server/inspect/reader.ts";
import { destroySandbox, provisionSandbox, type Sandbox } from "../../lab-server/sandbox/sandbox.ts";
import { SubnetAllocator } from "../../lab-server/sandbox/subnets.ts";
import { testConfig, testInstance } from "./server.ts";

/** A provisioned sandbox with helpers. */
export interface TestSandbox {
  engine: Engine;
  sandbox: Sandbox;
  /** Runs a shell script on a host; throws with its output when it fails. */
  sh(script: string, host?: string): Promise<string>;
  /** Evaluates one check (given as the lesson author would write it) in a fresh context. */
  check(input: Record<string, unknown>): Promise<CheckResult>;
  destroy(): Promise<void>;
}

/** Provisions a sandbox with the given hosts, under the test configuration's limits with `limits` applied. */
export async function startSandbox(hostNames: string[] = ["host1"], limits: Partial<Config["sandbox"]> = {}): Promise<TestSandbox> {
  const engine = new Engine({ dockerHost: process.env["DOCKER_HOST"] });
  const instance = testInstance();
  const sessionId = `checks${Date.now().toString(36)}`;
  const sandbox = await provisionSandbox(engine, new SubnetAllocator("10.213.0.0/16"), {
    sessionId,
    instance,
    hostNames,
    image: hostImageRef(recipeHash()),
    limits: { ...testConfig().sandbox, ...limits },
  });
  return {
    engine,
    sandbox,
    async sh(script, host) {
      const target = sandbox.hosts.find((h) => h.name === (host ?? hostNames[0]));
      const result = await engine.execCapture(target!.containerId, ["sh", "-c", script], { timeoutMs: 60_000 });
      if (result.exitCode !== 0) throw new Error(`\`${script}\` failed (${result.exitCode}): ${result.stdout}${result.stderr}`);
      return result.stdout;
    },
    check(input) {
      const parsed: Check = checkSchema.parse(input);
      return evaluateCheck(parsed, new CheckContext(oneOffReader(engine), sandbox));
    },
    destroy: () => destroySandbox(engine, instance, sessionId),
  };
}
