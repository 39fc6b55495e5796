/**
 * The output lessons quote is the output the sandbox's engine prints. For every lesson with
 * `verify` blocks (lab-server/lessons/quoted-output.ts), in a fresh sandbox, each block's commands
 * are run in page order (after the lesson's `lab.setup`), and the `text` block after it must be
 * found in what they printed.
 * `SWITCHYARD_LESSON=<slug>` limits the run to one lesson.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { LessonCatalog } from "../../../lab-server/lessons/catalog.ts";
import { firstMismatch, quotedRuns } from "../../../lab-server/lessons/quoted-output.ts";
import { runLabSetup } from "../../../lab-server/sandbox/lab-setup.ts";
import { startSandbox } from "../../helpers/sandbox.ts";

const CONTENT = resolve(import.meta.dirname, "../../../content/lessons");
const only = process.env["SWITCHYARD_LESSON"];
// Variables a command sets (`HOSTIP=$(…)`) are kept for the ones after it, as in a learner's shell.
const ENV_FILE = "/root/.quoted-output-env";
const lessons = LessonCatalog.load(CONTENT)
  .all()
  .filter((l) => !only || l.slug === only)
  .map((l) => ({ lesson: l, runs: quotedRuns(readFileSync(join(CONTENT, `${l.slug}.mdx`), "utf8")) }))
  .filter((l) => l.runs.length > 0);

function script(command: string): string {
  return `[ -f ${ENV_FILE} ] && . ${ENV_FILE}; set -a; { ${command}\n} 2>&1; rc=$?; export -p > ${ENV_FILE}; exit $rc`;
}

describe.each(lessons.map((l) => [l.lesson.slug, l] as const))("lesson %s", (slug, { lesson, runs }) => {
  it("quotes what the engine prints", { timeout: 600_000 }, async () => {
    const sandbox = await startSandbox([...lesson.lab.hosts]);
    try {
      // The quotes describe the lab the learner gets: set up as the lesson sets it up.
      await runLabSetup(sandbox.engine, sandbox.sandbox, lesson.lab.setup);
      for (const run of runs) {
        const host = run.host ?? lesson.lab.hosts[0];
        const where = `${slug}.mdx:${run.line}`;
        let output = "";
        for (const [index, command] of run.commands.entries()) {
          const target = sandbox.sandbox.hosts.find((h) => h.name === host);
          expect(target, `${where}: no host ${host} in the lesson's lab`).toBeDefined();
          const result = await sandbox.engine.execCapture(target!.containerId, ["bash", "-c", script(command)], { timeoutMs: 120_000 });
          const last = index === run.commands.length - 1;
          const shouldFail = run.fails && last;
          expect(
            result.exitCode !== 0,
            `${where}: \`${command}\` ${shouldFail ? "succeeded, but the lesson quotes it failing" : `failed (${result.exitCode})`}:\n${result.stdout}`,
          ).toBe(shouldFail);
          output += result.stdout;
        }
        if (run.expected) {
          const mismatch = firstMismatch(run.expected, output.split(/\r?\n/));
          expect(mismatch, `${where}: the engine did not print the quoted line\n  ${mismatch}\nIt printed:\n${output}`).toBeUndefined();
        }
      }
    } finally {
      await sandbox.destroy();
    }
  });
});

it.runIf(!only)("finds quoted output to verify", () => {
  expect(lessons.length).toBeGreaterThan(0);
});
