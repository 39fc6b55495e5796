import type { LabState } from "../lab/status.ts";
import type { ExerciseView } from "./model.ts";

/** The words for an exercise's status, so it never rests on colour or icon alone. */
export function statusText(view: ExerciseView): string {
  const now = currentStatusText(view);
  if (view.status === "passed" || !view.completedAt) return now;
  // Done in an earlier lab: this sandbox may not show it any more, but the learner did it.
  return `${now} · done before, on ${new Date(view.completedAt).toLocaleDateString()}`;
}

function currentStatusText(view: ExerciseView): string {
  switch (view.status) {
    case "unknown":
      return "Not checked yet";
    case "failed":
      return "Not done yet";
    case "passed":
      return "Done";
    case "blocked":
      return view.lockedBy ? `Locked until “${view.lockedBy.title}” is done` : "Locked";
  }
}

/** The checklist header's progress line. */
export function progressText(done: number, total: number, checked: boolean): string {
  if (!checked) return `${total === 1 ? "1 exercise" : `${total} exercises`} · not checked yet`;
  return `${done} of ${total} done`;
}

/** Why Check now cannot ask the lab server while the lab is in `state`. */
export function cannotCheckText(state: LabState): string {
  if (state === "idle" || state === "ended") return "Start the lab first: the checks look at your sandbox.";
  if (state === "replaced") return "This lab is open in another tab. Press “Use it here” to check from this one.";
  return "Wait for the terminal to connect: the checks look at your sandbox.";
}

/** Label of an exercise's hint button when `shown` of `total` hints are visible. */
export function hintButtonText(shown: number, total: number): string {
  return shown === 0 ? `Show a hint (1 of ${total})` : `Show the next hint (${shown + 1} of ${total})`;
}
