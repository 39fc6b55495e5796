/**
 * Evaluates a lesson's exercises against a sandbox: every check runs against one snapshot per host
 * plus bounded probes; an exercise passes when its checks pass and the exercises it depends on do.
 */
import type { Exercise, ExerciseResult } from "../../common/schemas/checks.ts";
import type { SandboxReader } from "../inspect/reader.ts";
import type { SnapshotCache } from "../inspect/snapshot-cache.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { CheckContext } from "./context.ts";
import { evaluateCheck } from "./kinds/index.ts";

/** Evaluates every exercise; never throws (a check that cannot run fails with a reason). */
export async function evaluateExercises(
  exercises: readonly Exercise[],
  reader: SandboxReader,
  sandbox: Sandbox,
  cache?: SnapshotCache,
): Promise<ExerciseResult[]> {
  const ctx = new CheckContext(reader, sandbox, cache);
  const checks = await Promise.all(
    exercises.map((ex) =>
      Promise.all(
        ex.checks.map((check) =>
          evaluateCheck(check, ctx).catch((err: unknown) => ({
            ok: false,
            message: `This check could not run (${err instanceof Error ? err.message : String(err)}); it will be tried again.`,
          })),
        ),
      ),
    ),
  );
  const passed = new Set<string>();
  return exercises.map((ex, i) => {
    const results = checks[i] ?? [];
    const own = results.every((r) => r.ok);
    const blocked = ex.dependsOn.some((dep) => !passed.has(dep));
    if (own && !blocked) passed.add(ex.id);
    return { id: ex.id, status: own && !blocked ? "passed" : blocked ? "blocked" : "failed", checks: results };
  });
}
