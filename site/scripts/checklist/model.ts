import type { CheckResult, ExerciseResult } from "../../../common/schemas/checks.ts";

/** An exercise's status as the checklist shows it; `unknown` until the lab server has judged it. */
export type ExerciseStatus = "unknown" | ExerciseResult["status"];

/** What the checklist knows of an exercise before any result: from the lesson's frontmatter. */
export interface ExerciseInfo {
  readonly id: string;
  readonly title: string;
  /** Ids of exercises that must pass first. */
  readonly dependsOn: readonly string[];
}

/** One exercise as it should be shown now. */
export interface ExerciseView {
  readonly info: ExerciseInfo;
  readonly status: ExerciseStatus;
  /** The results of its checks (empty while unknown). */
  readonly checks: readonly CheckResult[];
  /** For a blocked exercise: the dependency that is not done yet. */
  readonly lockedBy?: ExerciseInfo | undefined;
  /** When the learner first completed it, in any earlier lab (ISO time), if ever. */
  readonly completedAt?: string | undefined;
}

/**
 * The checklist's state: the lesson's exercises and the latest results for them. Applying the
 * same results twice changes nothing, so the copies each host's socket delivers are harmless.
 */
export class ChecklistModel {
  readonly exercises: readonly ExerciseInfo[];
  readonly #byId: ReadonlyMap<string, ExerciseInfo>;
  #results = new Map<string, ExerciseResult>();
  #views = new Map<string, string>();
  #completedAt = new Map<string, string>();

  constructor(exercises: readonly ExerciseInfo[]) {
    this.exercises = exercises;
    this.#byId = new Map(exercises.map((info) => [info.id, info]));
  }

  /** Takes in a `checks` message; returns the ids of exercises whose view changed. */
  apply(results: readonly ExerciseResult[]): string[] {
    this.#results = new Map(results.filter((result) => this.#byId.has(result.id)).map((result) => [result.id, result]));
    return this.#changed();
  }

  /** Takes in the learner's stored completions (exercise id → first completion); returns the ids whose view changed. */
  remember(completed: Readonly<Record<string, string | null>>): string[] {
    for (const [id, at] of Object.entries(completed)) if (at && this.#byId.has(id)) this.#completedAt.set(id, at);
    return this.#changed();
  }

  /** Forgets every result (the sandbox is gone); returns the ids whose view changed. */
  reset(): string[] {
    return this.apply([]);
  }

  /** How exercise `id` should be shown. */
  view(id: string): ExerciseView | undefined {
    const info = this.#byId.get(id);
    if (!info) return undefined;
    const result = this.#results.get(id);
    const completedAt = this.#completedAt.get(id);
    if (!result) return { info, status: "unknown", checks: [], completedAt };
    const view = { info, status: result.status, checks: result.checks, completedAt };
    if (result.status !== "blocked") return view;
    const pending = info.dependsOn.find((dep) => this.#results.get(dep)?.status !== "passed") ?? info.dependsOn[0];
    return { ...view, lockedBy: pending === undefined ? undefined : this.#byId.get(pending) };
  }

  /** How many exercises have passed. */
  get done(): number {
    return this.exercises.filter((info) => this.#results.get(info.id)?.status === "passed").length;
  }

  /** True once results have come for at least one exercise. */
  get checked(): boolean {
    return this.#results.size > 0;
  }

  /** True when every exercise has passed. */
  get complete(): boolean {
    return this.exercises.length > 0 && this.done === this.exercises.length;
  }

  #changed(): string[] {
    const changed: string[] = [];
    for (const { id } of this.exercises) {
      const view = this.view(id);
      const key = JSON.stringify(view ? [view.status, view.checks, view.lockedBy?.id, view.completedAt] : null);
      if (this.#views.get(id) !== key) changed.push(id);
      this.#views.set(id, key);
    }
    return changed;
  }
}
