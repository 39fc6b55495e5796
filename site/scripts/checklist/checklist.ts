import type { ExerciseResult } from "../../../common/schemas/checks.ts";
import type { LabPanelEvents } from "../lab/lab-panel.ts";
import type { LabState, LabStatus } from "../lab/status.ts";
import { type Disposable, DisposableStore } from "../lib/disposables.ts";
import type { Listener } from "../lib/emitter.ts";
import { fetchProgress } from "../progress/fetch-progress.ts";
import { announcementsFor } from "./announcements.ts";
import type { ChecklistAction, ChecklistDom } from "./checklist-dom.ts";
import { plainText } from "./inline-code.ts";
import type { ChecklistMemory, ChecklistStore } from "./memory.ts";
import { ChecklistModel } from "./model.ts";
import { cannotCheckText, progressText } from "./status-text.ts";

/** Where the checklist's results come from and its check requests go: the lab panel. */
export interface ChecklistSource {
  on<K extends keyof LabPanelEvents>(type: K, listener: Listener<LabPanelEvents[K]>): Disposable;
  /** The lab's status now; changes arrive as `status` events. */
  readonly status: LabStatus;
  /** Asks for an evaluation now; returns the id its answer will carry, or undefined when no lab is connected. */
  requestCheck(): string | undefined;
}

/** What a {@link Checklist} needs. */
export interface ChecklistDeps {
  readonly lesson: string;
  readonly dom: ChecklistDom;
  readonly source: ChecklistSource;
  readonly store: ChecklistStore;
  /** Types a solution command into the terminal (the `switchyard:run` event). */
  readonly run: (command: string, host: string | undefined) => void;
}

// In these states there is no sandbox, so no result describes anything any more.
const NO_SANDBOX: ReadonlySet<LabState> = new Set(["idle", "starting", "ended"]);
// Results normally come back within a second or two; past this, stop saying "Checking…".
const CHECK_TIMEOUT_MS = 15_000;

/**
 * The exercise checklist's behaviour: lab panel events in, DOM changes out. It shows each
 * exercise's status from the lab server's results, reveals hints and solutions, asks for a check
 * on demand, and announces passes and the lesson's completion once.
 */
export class Checklist implements Disposable {
  readonly #deps: ChecklistDeps;
  readonly #store = new DisposableStore();
  readonly #model: ChecklistModel;
  readonly #memory: ChecklistMemory;
  readonly #announced: Set<string>;
  #lab: LabState;
  #pending: { readonly id: string; readonly timer: Disposable } | undefined;

  constructor(deps: ChecklistDeps) {
    this.#deps = deps;
    const { dom, source, store } = deps;
    this.#store.add(dom);
    this.#model = new ChecklistModel(dom.exercises.map((exercise) => exercise.info));
    this.#memory = store.load(deps.lesson);
    this.#announced = new Set(this.#memory.announced);
    this.#lab = source.status.state;
    dom.setCollapsed(this.#memory.collapsed);
    for (const exercise of dom.exercises) {
      exercise.showHints(this.#memory.hints[exercise.info.id] ?? 0);
      exercise.setSolutionShown(this.#memory.solutions.includes(exercise.info.id));
    }
    this.#render(this.#model.reset());
    dom.setComplete(false, false);
    this.#settle();
    let disposed = false;
    this.#store.defer(() => {
      disposed = true;
    });
    void fetchProgress().then((progress) => {
      if (disposed) return;
      const exercises = progress?.lessons[deps.lesson]?.exercises ?? {};
      const completed = Object.fromEntries(Object.entries(exercises).map(([id, p]) => [id, p.completedAt]));
      this.#render(this.#model.remember(completed));
    });
    this.#store.add(source.on("status", (status) => this.#labStatus(status)));
    this.#store.add(source.on("checks", ({ results, id }) => this.#results(results, id)));
    this.#store.add(dom.onToggle(() => this.#toggle()));
    this.#store.add(dom.onCheckNow(() => this.checkNow()));
    this.#store.add(dom.onAction((action) => this.#act(action)));
    this.#store.defer(() => this.#pending?.timer.dispose());
  }

  /** Asks the lab server to judge the exercises now. */
  checkNow(): void {
    const { dom, source } = this.#deps;
    if (this.#pending) return;
    const id = source.requestCheck();
    if (id === undefined) {
      const note = cannotCheckText(this.#lab);
      dom.setNote(note);
      dom.announce([note]);
      return;
    }
    dom.setNote(undefined);
    dom.setCheckNow("busy");
    this.#pending = { id, timer: this.#store.setTimeout(() => this.#settle(), CHECK_TIMEOUT_MS) };
  }

  dispose(): void {
    this.#store.dispose();
  }

  #labStatus(status: LabStatus): void {
    this.#lab = status.state;
    if (status.state === "connected") this.#deps.dom.setNote(undefined);
    if (NO_SANDBOX.has(status.state)) {
      this.#render(this.#model.reset());
      this.#deps.dom.setComplete(false, false);
    }
    if (!this.#pending || status.state !== "connected") this.#settle();
  }

  #results(results: readonly ExerciseResult[], id: string | undefined): void {
    const requested = id !== undefined && id === this.#pending?.id;
    if (requested) this.#settle();
    this.#render(this.#model.apply(results));
    const news = announcementsFor(this.#model, this.#announced);
    this.#deps.dom.setComplete(this.#model.complete, news.completed);
    const next = this.#model.exercises.find((info) => this.#model.view(info.id)?.status !== "passed");
    if (news.passed.length > 0 && next) this.#deps.dom.exercise(next.id)?.scrollIntoView();
    const messages = requested && news.messages.length === 0 ? [`Checked: ${this.#progress()}.`] : news.messages;
    this.#deps.dom.announce(messages);
    this.#remember();
  }

  // Ends a pending Check now (answered, timed out, or the lab went away).
  #settle(): void {
    this.#pending?.timer.dispose();
    this.#pending = undefined;
    this.#deps.dom.setCheckNow(this.#lab === "connected" ? "ready" : "unavailable");
  }

  #render(changed: readonly string[]): void {
    const { dom } = this.#deps;
    for (const id of changed) {
      const view = this.#model.view(id);
      if (view) dom.exercise(id)?.render(view);
    }
    dom.setProgress(this.#progress(), this.#model.done, this.#model.exercises.length);
  }

  #progress(): string {
    return progressText(this.#model.done, this.#model.exercises.length, this.#model.checked);
  }

  #toggle(): void {
    this.#memory.collapsed = !this.#memory.collapsed;
    this.#deps.dom.setCollapsed(this.#memory.collapsed);
    this.#remember();
  }

  #act(action: ChecklistAction): void {
    if (action.kind === "run") {
      this.#deps.run(action.command, action.host);
      return;
    }
    const exercise = this.#deps.dom.exercise(action.id);
    if (!exercise) return;
    const { id } = exercise.info;
    if (action.kind === "solution") {
      const shown = !this.#memory.solutions.includes(id);
      this.#memory.solutions = shown ? [...this.#memory.solutions, id] : this.#memory.solutions.filter((other) => other !== id);
      exercise.setSolutionShown(shown);
    } else {
      const count = Math.min((this.#memory.hints[id] ?? 0) + 1, exercise.hintCount);
      this.#memory.hints[id] = count;
      const revealed = exercise.showHints(count);
      // The button is gone after the last hint: move focus to the hint so it is not lost (and is read out).
      if (exercise.hintsExhausted) revealed?.focus();
      else this.#deps.dom.announce([`Hint ${count}: ${plainText(exercise.hintText(count))}`]);
    }
    this.#remember();
  }

  #remember(): void {
    this.#memory.announced = [...this.#announced];
    this.#deps.store.save(this.#deps.lesson, this.#memory);
  }
}
