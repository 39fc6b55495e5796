import { type LearnerProgress, learnerProgress } from "../../../common/schemas/progress.ts";

/**
 * This browser's stored progress, or undefined when the lab server cannot say (e.g. the pages are
 * viewed without it): progress is a bonus on these pages, never a reason to show an error.
 */
export async function fetchProgress(): Promise<LearnerProgress | undefined> {
  try {
    const res = await fetch("/api/progress", { credentials: "same-origin" });
    if (!res.ok) return undefined;
    const parsed = learnerProgress.safeParse(await res.json());
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** How many of `exerciseIds` the learner has ever completed in `lesson`. */
export function completedCount(progress: LearnerProgress, lesson: string, exerciseIds: readonly string[]): number {
  const done = progress.lessons[lesson]?.exercises ?? {};
  return exerciseIds.filter((id) => done[id]?.completedAt).length;
}
