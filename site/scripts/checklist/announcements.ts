import { plainText } from "./inline-code.ts";
import type { ChecklistModel } from "./model.ts";

/** Stands for the whole lesson in the set of things already announced. */
const LESSON = "*";

/** What to tell the learner after new results. */
export interface Announcements {
  /** Sentences for the live region, in order. */
  readonly messages: string[];
  /** Ids of the exercises that have just passed. */
  readonly passed: string[];
  /** True when the lesson has just been completed (not merely still complete). */
  readonly completed: boolean;
}

/** The sentence for a finished lesson. */
export function completionText(total: number): string {
  return total === 1 ? "Lesson complete — the exercise is done." : `Lesson complete — all ${total} exercises done.`;
}

/**
 * Decides what is news in the model's current results. `announced` remembers what was already
 * said (and survives a reload), so a pass is announced once, and again only after it was lost.
 */
export function announcementsFor(model: ChecklistModel, announced: Set<string>): Announcements {
  const messages: string[] = [];
  const passed: string[] = [];
  for (const info of model.exercises) {
    const status = model.view(info.id)?.status;
    if (status === "passed" && !announced.has(info.id)) {
      announced.add(info.id);
      passed.push(info.id);
      messages.push(`Exercise “${plainText(info.title)}” passed.`);
    } else if (status === "failed" || status === "blocked") {
      announced.delete(info.id);
    }
  }
  let completed = false;
  if (model.complete && !announced.has(LESSON)) {
    announced.add(LESSON);
    messages.push(completionText(model.exercises.length));
    completed = true;
  } else if (model.checked && !model.complete) {
    announced.delete(LESSON);
  }
  return { messages, passed, completed };
}
