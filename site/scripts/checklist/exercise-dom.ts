import type { CheckResult } from "../../../common/schemas/checks.ts";
import { renderInlineCode } from "./inline-code.ts";
import type { ExerciseInfo, ExerciseView } from "./model.ts";
import { hintButtonText, statusText } from "./status-text.ts";

function part(root: HTMLElement, name: string): HTMLElement | null {
  return root.querySelector<HTMLElement>(`[data-exercise-part="${name}"]`);
}

/**
 * One exercise's markup (rendered by ExerciseItem.astro) and what changes in it: status, the
 * reasons it is not done yet, revealed hints and the solution. It holds no checklist logic.
 */
export class ExerciseDom {
  readonly element: HTMLElement;
  readonly info: ExerciseInfo;
  readonly #status: HTMLElement | null;
  readonly #why: HTMLElement | null;
  readonly #whyList: HTMLElement | null;
  readonly #hints: HTMLElement[];
  readonly #hintList: HTMLElement | null;
  readonly #hintButton: HTMLButtonElement | null;
  readonly #solution: HTMLElement | null;
  readonly #solutionToggle: HTMLButtonElement | null;

  constructor(element: HTMLElement) {
    this.element = element;
    this.info = {
      id: element.getAttribute("data-exercise") ?? "",
      title: element.getAttribute("data-title") ?? "",
      dependsOn: (element.getAttribute("data-depends-on") ?? "").split(" ").filter((id) => id !== ""),
    };
    this.#status = part(element, "status");
    this.#why = part(element, "why");
    this.#whyList = part(element, "why-list");
    this.#hintList = part(element, "hints");
    this.#hints = [...element.querySelectorAll<HTMLElement>("[data-exercise-part=hint]")];
    this.#hintButton = element.querySelector<HTMLButtonElement>("button[data-checklist-action=hint]");
    this.#solution = part(element, "solution");
    this.#solutionToggle = element.querySelector<HTMLButtonElement>("button[data-checklist-action=solution]");
  }

  /** How many hints the exercise has. */
  get hintCount(): number {
    return this.#hints.length;
  }

  /** Shows `view`'s status and, when it is not done, which checks still fail. */
  render(view: ExerciseView): void {
    this.element.setAttribute("data-status", view.status);
    if (this.#status) renderInlineCode(this.#status, statusText(view));
    const failing = view.checks.filter((check) => !check.ok);
    const showWhy = view.status === "failed" && failing.length > 0;
    if (this.#why) this.#why.hidden = !showWhy;
    if (this.#whyList) this.#whyList.replaceChildren(...(showWhy ? [...failing, ...view.checks.filter((c) => c.ok)].map(checkItem) : []));
  }

  /** Reveals the first `count` hints; returns the last one revealed. */
  showHints(count: number): HTMLElement | undefined {
    const shown = Math.min(Math.max(count, 0), this.#hints.length);
    this.#hints.forEach((hint, index) => {
      hint.hidden = index >= shown;
    });
    if (this.#hintList) this.#hintList.hidden = shown === 0;
    if (this.#hintButton) {
      this.#hintButton.hidden = shown >= this.#hints.length;
      this.#hintButton.textContent = hintButtonText(shown, this.#hints.length);
    }
    return this.#hints[shown - 1];
  }

  /** The text of hint `n` (1-based). */
  hintText(n: number): string {
    return this.#hints[n - 1]?.getAttribute("data-text") ?? "";
  }

  /** True when the hint button is gone (every hint is shown). */
  get hintsExhausted(): boolean {
    return this.#hintButton === null || this.#hintButton.hidden === true;
  }

  /** Scrolls the checklist (only it, not the page) so this exercise is in view. */
  scrollIntoView(): void {
    const list = this.element.closest<HTMLElement>("[data-checklist-part=body]");
    if (!list) return;
    const top = this.element.getBoundingClientRect().top - list.getBoundingClientRect().top + list.scrollTop;
    const bottom = top + this.element.offsetHeight;
    // The list's CSS decides whether this glides (it does not under reduced motion).
    if (top < list.scrollTop || bottom > list.scrollTop + list.clientHeight) list.scrollTo({ top: Math.max(top - 8, 0) });
  }

  /** Shows or hides the solution. */
  setSolutionShown(shown: boolean): void {
    if (this.#solution) this.#solution.hidden = !shown;
    if (this.#solutionToggle) {
      this.#solutionToggle.setAttribute("aria-expanded", String(shown));
      this.#solutionToggle.textContent = shown ? "Hide solution" : "Show solution";
    }
  }
}

function checkItem(check: CheckResult): HTMLLIElement {
  const item = document.createElement("li");
  item.className = "exercise-check";
  item.setAttribute("data-ok", String(check.ok));
  const label = document.createElement("span");
  label.className = "visually-hidden";
  label.textContent = check.ok ? "Already right: " : "Not yet: ";
  const text = document.createElement("span");
  renderInlineCode(text, check.message);
  item.append(label, text);
  return item;
}
