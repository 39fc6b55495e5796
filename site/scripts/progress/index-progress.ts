/**
 * Marks each lesson card on the course index with the learner's stored progress: how many of its
 * exercises they have completed, and "Done" when all are.
 */
import { completedCount, fetchProgress } from "./fetch-progress.ts";

/** Fills every `[data-progress-for]` element on the page. */
export async function showIndexProgress(root: ParentNode = document): Promise<void> {
  const progress = await fetchProgress();
  if (!progress) return;
  for (const el of root.querySelectorAll<HTMLElement>("[data-progress-for]")) {
    const lesson = el.dataset["progressFor"] ?? "";
    const ids = (el.dataset["exercises"] ?? "").split(",").filter(Boolean);
    const visited = progress.lessons[lesson] !== undefined;
    if (ids.length === 0 || !visited) continue;
    const done = completedCount(progress, lesson, ids);
    el.textContent = done === ids.length ? `Done: all ${ids.length} exercises` : `${done} of ${ids.length} exercises done`;
    el.dataset["state"] = done === ids.length ? "done" : "started";
    el.hidden = false;
  }
}
