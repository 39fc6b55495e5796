import { type Disposable, DisposableStore, listen } from "../lib/disposables.ts";
import { type LabState, type LabStatus, statusText } from "./status.ts";

const SESSION_STATES: ReadonlySet<LabState> = new Set(["connecting", "provisioning", "connected", "reconnecting", "replaced", "ending"]);

function part<T extends HTMLElement>(root: HTMLElement, name: string, type: new () => T): T {
  const element = root.querySelector(`[data-lab-part="${name}"]`);
  if (!(element instanceof type)) throw new Error(`lab panel markup is missing its "${name}" part`);
  return element;
}

/**
 * The lab panel's markup (rendered by TerminalPanel.astro) and everything that changes it:
 * status line, error line, buttons, host tabs and terminal containers. It holds no lab logic.
 */
export class PanelDom implements Disposable {
  readonly root: HTMLElement;
  readonly #store = new DisposableStore();
  readonly #status: HTMLElement;
  readonly #error: HTMLElement;
  readonly #placeholder: HTMLElement;
  readonly #start: HTMLButtonElement;
  readonly #end: HTMLButtonElement;
  readonly #reattach: HTMLButtonElement;
  readonly #tabs: HTMLElement;
  readonly #screens: HTMLElement;
  readonly #watched: HTMLElement;
  #tabStore = new DisposableStore();

  constructor(root: HTMLElement) {
    this.root = root;
    this.#status = part(root, "status", HTMLElement);
    this.#error = part(root, "error", HTMLElement);
    this.#placeholder = part(root, "placeholder", HTMLElement);
    this.#start = part(root, "start", HTMLButtonElement);
    this.#end = part(root, "end", HTMLButtonElement);
    this.#reattach = part(root, "reattach", HTMLButtonElement);
    this.#tabs = part(root, "tabs", HTMLElement);
    this.#screens = part(root, "screens", HTMLElement);
    this.#watched = part(root, "watched", HTMLElement);
    this.#store.defer(() => this.#tabStore.dispose());
  }

  /** Calls `handler` when the learner presses Start (or Start a new lab). */
  onStart(handler: () => void): Disposable {
    return this.#store.add(listen(this.#start, "click", handler));
  }

  /** Calls `handler` when the learner presses End lab. */
  onEnd(handler: () => void): Disposable {
    return this.#store.add(listen(this.#end, "click", handler));
  }

  /** Calls `handler` when the learner asks to take the terminal back from another tab. */
  onReattach(handler: () => void): Disposable {
    return this.#store.add(listen(this.#reattach, "click", handler));
  }

  /** Shows or hides the note that the learner's instructor is watching their terminal. */
  setWatched(watched: boolean): void {
    this.#watched.hidden = !watched;
  }

  /** Shows `status` in the status line and the buttons that fit it. */
  setStatus(status: LabStatus): void {
    const state = status.state;
    this.root.setAttribute("data-lab-state", state);
    this.#status.textContent = statusText(status);
    const inSession = SESSION_STATES.has(state);
    this.#placeholder.hidden = inSession;
    this.#screens.hidden = !inSession;
    this.#tabs.hidden = !inSession;
    this.#start.hidden = !(state === "idle" || state === "ended");
    this.#start.textContent = state === "ended" ? "Start a new lab" : "Start lab";
    this.#end.hidden = !inSession;
    this.#end.disabled = state === "ending";
    this.#reattach.hidden = state !== "replaced";
  }

  /** Moves keyboard focus to the Start button. */
  focusStart(): void {
    this.#start.focus();
  }

  /** Shows an error (or, with `notice`, a milder note) above the terminal. */
  showError(message: string, options: { code?: string; notice?: boolean } = {}): void {
    this.#error.textContent = message;
    this.#error.hidden = false;
    this.#error.setAttribute("data-tone", options.notice ? "notice" : "error");
    if (options.code) this.#error.setAttribute("data-error-code", options.code);
    else this.#error.removeAttribute("data-error-code");
  }

  /** Hides the error line. */
  clearError(): void {
    this.#error.textContent = "";
    this.#error.hidden = true;
    this.#error.removeAttribute("data-error-code");
  }

  /** Builds one tab and one terminal container per host; returns the containers by host. */
  renderHosts(hosts: readonly string[], onSelect: (host: string) => void): Map<string, HTMLElement> {
    this.clearHosts();
    const containers = new Map<string, HTMLElement>();
    for (const host of hosts) {
      const tab = document.createElement("button");
      tab.type = "button";
      tab.id = `lab-tab-${host}`;
      tab.className = "lab-tab";
      tab.textContent = host;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", `lab-terminal-${host}`);
      tab.setAttribute("data-host", host);
      tab.setAttribute("data-testid", `lab-tab-${host}`);
      this.#tabStore.add(listen(tab, "click", () => onSelect(host)));
      this.#tabStore.add(listen(tab, "keydown", (event) => this.#tabKey(event, hosts, host, onSelect)));
      this.#tabs.append(tab);

      const screen = document.createElement("div");
      screen.id = `lab-terminal-${host}`;
      screen.className = "lab-terminal";
      screen.setAttribute("role", "tabpanel");
      screen.setAttribute("aria-labelledby", tab.id);
      screen.setAttribute("data-host", host);
      screen.setAttribute("data-testid", `lab-terminal-${host}`);
      screen.hidden = true;
      this.#screens.append(screen);
      containers.set(host, screen);
    }
    return containers;
  }

  /** Marks `host`'s tab as selected and shows only its terminal. */
  selectHost(host: string): void {
    for (const tab of this.#tabs.querySelectorAll<HTMLElement>("[role=tab]")) {
      const selected = tab.getAttribute("data-host") === host;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    for (const screen of this.#screens.querySelectorAll<HTMLElement>("[role=tabpanel]")) {
      screen.hidden = screen.getAttribute("data-host") !== host;
    }
  }

  /** Removes every tab and terminal container. */
  clearHosts(): void {
    this.#tabStore.dispose();
    this.#tabStore = new DisposableStore();
    this.#tabs.replaceChildren();
    this.#screens.replaceChildren();
  }

  dispose(): void {
    this.#store.dispose();
  }

  // Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects.
  #tabKey(event: KeyboardEvent, hosts: readonly string[], host: string, onSelect: (host: string) => void): void {
    const index = hosts.indexOf(host);
    let next: number | undefined;
    if (event.key === "ArrowRight") next = (index + 1) % hosts.length;
    else if (event.key === "ArrowLeft") next = (index - 1 + hosts.length) % hosts.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = hosts.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    const target = hosts[next];
    if (target === undefined) return;
    onSelect(target);
    document.getElementById(`lab-tab-${target}`)?.focus();
  }
}
