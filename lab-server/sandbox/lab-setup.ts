/**
 * A lesson's lab set-up (`lab.setup` in its frontmatter): commands run as root on the sandbox's
 * hosts, in order, once their engines are up and before the learner's terminal opens. It lets a
 * lesson start from a given state, such as a broken app for the learner to diagnose.
 */
import type { SolutionStep } from "../../common/schemas/checks.ts";
import type { Engine } from "../docker/engine.ts";
import { LabError } from "../errors.ts";
import type { Sandbox } from "./sandbox.ts";

/** How long one set-up step may run: it starts containers and builds networks, nothing longer. */
const STEP_TIMEOUT_MS = 60_000;
/** Output kept from a failing step, for the operator's log. */
const OUTPUT_TAIL = 2000;

/**
 * Runs `steps` on `sandbox`'s hosts (a plain command runs on the first host). A step that fails or
 * times out stops the set-up with LAB_ERR_SANDBOX_FAILED, naming the step, with its output as the
 * cause: a lesson never opens half set up.
 */
export async function runLabSetup(
  engine: Engine,
  sandbox: Sandbox,
  steps: readonly SolutionStep[],
  onProgress: (detail: string) => void = () => undefined,
): Promise<void> {
  for (const [index, step] of steps.entries()) {
    const { command, host } = typeof step === "string" ? { command: step, host: undefined } : step;
    const target = host === undefined ? sandbox.hosts[0] : sandbox.hosts.find((h) => h.name === host);
    if (!target) throw new LabError("LAB_ERR_INTERNAL", `The lab has no host "${host}" for set-up step ${index + 1}.`);
    onProgress(`setting up the lesson's lab (step ${index + 1} of ${steps.length})`);
    // A login shell, as the learner's own: the same PATH and profile the lesson's commands assume.
    const result = await engine.execCapture(target.containerId, ["bash", "-lc", `{ ${command}\n} 2>&1`], { timeoutMs: STEP_TIMEOUT_MS });
    if (result.exitCode !== 0) {
      const outcome = result.timedOut ? `did not finish within ${STEP_TIMEOUT_MS / 1000} s` : `exited with ${result.exitCode}`;
      throw new LabError(
        "LAB_ERR_SANDBOX_FAILED",
        `The lesson's lab could not be set up (step ${index + 1} on ${target.name} ${outcome}). Start the lab again; if it keeps failing, tell your instructor.`,
        { cause: new Error(`\`${command}\` ${outcome}:\n${result.stdout.slice(-OUTPUT_TAIL)}`) },
      );
    }
  }
}
