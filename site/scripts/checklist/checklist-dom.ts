import { type Disposable, DisposableStore, listen } from "../lib/disposables.ts";
import { ExerciseDom } from "./exercise-dom.ts";

/** Something the learner asked for inside an exercise. */
export type ChecklistAction =
  | { readonly kind: "hint"; readonly id: string }
  | { readonly kind: "solution"; readonly id: string }
  | { readonly kind: "run"; readonly command: string; readonly host: string | undefined };

/** What the Check now button can do at the moment. */
export type CheckNowState = "ready" | "busy" | "unavailable";

// Long enough for a screen reader to notice the region was emptied before the new text lands.
const ANNOUNCE_DELAY_MS = 120;

function part<T extends HTMLElement>(root: HTMLElement, name: string, type: new () => T): T {
  const element = root.querySelector(`[data-checklist-part="${name}"]`);
  if (!(element instanceof type)) throw new Error(`checklist markup is missing its "${name}" part`);
  return element;
}

/**
 * The checklist's markup (rendered by Checklist.astro) and everything that changes it at the
 * panel level: fold, progress, Check now, completion banner and the live region.
 */
export class ChecklistDom implements Disposable {
  readonly root: HTMLElement;
  /** Each exercise's part of the markup, in lesson order. */
  readonly exercises: readonly ExerciseDom[];
  readonly #store = new DisposableStore();
  readonly #toggle: HTMLButtonElement;
  readonly #body: HTMLElement;
  readonly #progress: HTMLElement;
  readonly #meter: HTMLElement;
  readonly #check: HTMLButtonElement;
  readonly #note: HTMLElement;
  readonly #complete: HTMLElement;
  readonly #live: HTMLElement;
  #announcing: Disposable | undefined;

  constructor(root: HTMLElement) {
    this.root = root;
    this.#toggle = part(root, "toggle", HTMLButtonElement);
    this.#body = part(root, "body", HTMLElement);
    this.#progress = part(root, "progress", HTMLElement);
    this.#meter = part(root, "meter", HTMLElement);
    this.#check = part(root, "check", HTMLButtonElement);
    this.#note = part(root, "note", HTMLElement);
    this.#complete = part(root, "complete", HTMLElement);
    this.#live = part(root, "live", HTMLElement);
    this.exercises = [...root.querySelectorAll<HTMLElement>("[data-exercise]")].map((element) => new ExerciseDom(element));
  }

  /** The exercise with `id`. */
  exercise(id: string): ExerciseDom | undefined {
    return this.exercises.find((exercise) => exercise.info.id === id);
  }

  /** Calls `handler` when the learner presses the fold button. */
  onToggle(handler: () => void): Disposable {
    return this.#store.add(listen(this.#toggle, "click", handler));
  }

  /** Calls `handler` when the learner presses Check now. */
  onCheckNow(handler: () => void): Disposable {
    return this.#store.add(listen(this.#check, "click", handler));
  }

  /** Calls `handler` for hint, solution and Run buttons inside the exercises. */
  onAction(handler: (action: ChecklistAction) => void): Disposable {
    return this.#store.add(
      listen(this.#body, "click", (event) => {
        const target = event.target instanceof Element ? event.target : null;
        const action = actionOf(target?.closest<HTMLElement>("[data-checklist-action]"));
        if (action) handler(action);
      }),
    );
  }

  /** Folds the list away (the header, progress and banner stay) or unfolds it. */
  setCollapsed(collapsed: boolean): void {
    this.root.setAttribute("data-collapsed", String(collapsed));
    this.#toggle.setAttribute("aria-expanded", String(!collapsed));
    this.#body.hidden = collapsed;
  }

  /** Shows how many exercises are done. */
  setProgress(text: string, done: number, total: number): void {
    this.#progress.textContent = text;
    this.#meter.style.setProperty("--done", String(total === 0 ? 0 : done / total));
  }

  /** Shows whether Check now can ask the lab server right now. */
  setCheckNow(state: CheckNowState): void {
    // aria-disabled rather than disabled, so the button keeps focus and can say why it waits.
    this.#check.setAttribute("aria-disabled", String(state !== "ready"));
    this.#check.setAttribute("data-state", state);
    this.#check.textContent = state === "busy" ? "Checking…" : "Check now";
  }

  /** Shows a short note under the header, or hides it when `text` is undefined. */
  setNote(text: string | undefined): void {
    this.#note.textContent = text ?? "";
    this.#note.hidden = text === undefined;
  }

  /** Shows or hides the lesson-complete banner; `fresh` plays its entrance. */
  setComplete(complete: boolean, fresh: boolean): void {
    this.#complete.hidden = !complete;
    this.root.setAttribute("data-complete", String(complete));
    if (fresh) this.#complete.setAttribute("data-fresh", "");
    else if (!complete) this.#complete.removeAttribute("data-fresh");
  }

  /** Speaks `messages` through the polite live region. */
  announce(messages: readonly string[]): void {
    if (messages.length === 0) return;
    this.#announcing?.dispose();
    this.#live.textContent = "";
    this.#announcing = this.#store.setTimeout(() => {
      this.#live.textContent = messages.join(" ");
    }, ANNOUNCE_DELAY_MS);
  }

  dispose(): void {
    this.#store.dispose();
  }
}

function actionOf(button: HTMLElement | null | undefined): ChecklistAction | undefined {
  const kind = button?.getAttribute("data-checklist-action");
  const id = button?.closest("[data-exercise]")?.getAttribute("data-exercise");
  if (kind === "run") {
    const command = button?.getAttribute("data-command");
    return command ? { kind, command, host: button?.getAttribute("data-host") ?? undefined } : undefined;
  }
  if ((kind === "hint" || kind === "solution") && id) return { kind, id };
  return undefined;
}
