import type { SessionView } from "../../../common/schemas/api.ts";
import type { ExerciseResult } from "../../../common/schemas/checks.ts";
import type { NetworkMap } from "../../../common/schemas/map.ts";
import { type Disposable, DisposableStore, listen } from "../lib/disposables.ts";
import { Emitter, type Listener } from "../lib/emitter.ts";
import type { TerminalViewFactory } from "../terminal/terminal-view.ts";
import { errorCodeOf, type LabApi, LabApiError, messageOf, type SessionHandle, sessionOverError } from "./api.ts";
import type { HostTerminal } from "./host-terminal.ts";
import { LabSession } from "./lab-session.ts";
import type { PanelDom } from "./panel-dom.ts";
import { RUN_EVENT, readRunDetail } from "./run-event.ts";
import type { SessionStore } from "./session-store.ts";
import { hostLabStatus, type LabStatus } from "./status.ts";

/** What a {@link LabPanel} needs from the page and the outside world. */
export interface LabPanelDeps {
  /** The lesson's slug. */
  readonly lesson: string;
  /** The lesson's hosts, from its frontmatter (used before a session exists). */
  readonly hosts: readonly string[];
  readonly dom: PanelDom;
  readonly api: LabApi;
  readonly storage: SessionStore;
  readonly createView: TerminalViewFactory;
  /** The page's location, for building socket URLs. */
  readonly location: Location;
}

/** Events a {@link LabPanel} emits for the rest of the page, by name. */
export interface LabPanelEvents {
  /** The panel's status changed (also the moment a lab ends and its sandbox is gone). */
  status: LabStatus;
  /** The lab server judged the lesson's exercises; repeats come, one per host socket. `id` answers {@link LabPanel.requestCheck}. */
  checks: { results: readonly ExerciseResult[]; id: string | undefined };
  /** The sandbox's live network map, on attach and after every change; repeats come, one per host socket. */
  map: { map: NetworkMap };
}

/**
 * The lab panel's behaviour: starting, resuming and ending a lab, one terminal per host tab,
 * the status line, and commands from Run buttons (`switchyard:run` events).
 */
export class LabPanel implements Disposable {
  readonly #deps: LabPanelDeps;
  readonly #store = new DisposableStore();
  readonly #events = this.#store.add(new Emitter<LabPanelEvents>());
  #lab: LabSession | undefined;
  #activeHost: string | undefined;
  #busy = false;
  #checkRequests = 0;
  #status: LabStatus = { state: "idle" };
  readonly #pending: { command: string; host: string }[] = [];

  constructor(deps: LabPanelDeps) {
    this.#deps = deps;
    const { dom } = deps;
    this.#store.add(dom.onStart(() => void this.start({ focus: true })));
    this.#store.add(dom.onEnd(() => void this.end()));
    this.#store.add(dom.onReattach(() => this.#activeTerminal()?.connect()));
    this.#store.add(listen(document, RUN_EVENT, (event) => this.#onRun(event)));
    this.#store.defer(() => this.#teardown());
    this.#setStatus({ state: "idle" });
    // A lab stored for this lesson means the page was reloaded: reattach to the same sandbox.
    if (deps.storage.load(deps.lesson)) void this.start();
  }

  /** Resumes this lesson's stored lab, or starts a new one; `focus` moves the keyboard into its terminal. */
  async start(options: { focus?: boolean } = {}): Promise<void> {
    if (this.#busy || this.#lab) return;
    const { api, storage, lesson, dom } = this.#deps;
    this.#busy = true;
    dom.clearError();
    this.#setStatus({ state: "starting" });
    try {
      const stored = storage.load(lesson);
      if (stored) {
        const view = await api.getSession(stored);
        if (view.state === "ended" || view.state === "failed") throw sessionOverError();
        this.#attach(stored, view, options.focus ?? false);
      } else {
        const view = await api.createSession(lesson);
        storage.save(lesson, view);
        this.#attach(view, view, options.focus ?? false);
      }
    } catch (error) {
      if (!(error instanceof LabApiError && error.unreachable)) storage.clear(lesson);
      this.#pending.length = 0;
      this.#setStatus({ state: "idle" });
      dom.showError(messageOf(error), errorCodeOf(error));
    } finally {
      this.#busy = false;
    }
  }

  /** Ends the lab: the server removes the sandbox, and the panel returns to its Start button. */
  async end(): Promise<void> {
    const lab = this.#lab;
    if (!lab || this.#busy) return;
    this.#busy = true;
    this.#setStatus({ state: "ending" });
    try {
      await this.#deps.api.deleteSession(lab.handle);
    } catch (error) {
      // A session the server no longer knows is as good as ended; anything else is worth retrying.
      if (error instanceof LabApiError && error.unreachable) {
        this.#deps.dom.showError(error.message, errorCodeOf(error));
        this.#showActiveHost();
        return;
      }
    } finally {
      this.#busy = false;
    }
    this.#forget();
    this.#deps.dom.clearError();
    this.#setStatus({
      state: "idle",
      note: "Lab ended and your sandbox was removed. Start the lab again whenever you like.",
    });
    // The End button just disappeared; keep the keyboard user in the panel.
    this.#deps.dom.focusStart();
  }

  /** The panel's element (with `data-lab-panel`). */
  get element(): HTMLElement {
    return this.#deps.dom.root;
  }

  /** Subscribes to one event type. */
  on<K extends keyof LabPanelEvents>(type: K, listener: Listener<LabPanelEvents[K]>): Disposable {
    return this.#store.add(this.#events.on(type, listener));
  }

  /**
   * Asks the lab server to judge the exercises now, over the open tab's socket. Returns the id the
   * answering `checks` event will carry, or undefined without a connected lab.
   */
  requestCheck(): string | undefined {
    this.#checkRequests += 1;
    const id = `check-${this.#checkRequests}`;
    return this.#lab?.requestCheck(id, this.#activeHost) ? id : undefined;
  }

  /** Runs `command` on `host` (default: the active or first host), starting the lab if needed. */
  run(command: string, host?: string): void {
    const target = host ?? this.#activeHost ?? this.#deps.hosts[0];
    const hosts = this.#lab?.hosts ?? this.#deps.hosts;
    if (target === undefined || !hosts.includes(target)) {
      this.#deps.dom.showError(`This lesson's lab has no host called “${target ?? ""}”, so the command was not run.`);
      return;
    }
    if (!this.#lab) {
      this.#pending.push({ command, host: target });
      void this.start();
      return;
    }
    this.#showHost(target, false)?.run(command);
  }

  dispose(): void {
    this.#store.dispose();
  }

  #onRun(event: Event): void {
    const detail = readRunDetail(event);
    if (detail) this.run(detail.command, detail.host);
  }

  #attach(handle: SessionHandle, view: SessionView, focus: boolean): void {
    const { dom, createView, location } = this.#deps;
    const hosts = view.hosts.length > 0 ? view.hosts : this.#deps.hosts;
    const containers = dom.renderHosts(hosts, (host) => this.#showHost(host, true));
    const lab: LabSession = new LabSession({
      handle,
      hosts,
      containers,
      createView,
      location,
      events: {
        status: (host) => {
          if (this.#lab === lab && this.#activeHost === host) this.#showActiveHost();
        },
        error: (message, code) => dom.showError(message, { code }),
        notice: (message) => dom.showError(message, { notice: true }),
        checks: (results, id) => {
          if (this.#lab === lab) this.#events.emit("checks", { results, id });
        },
        map: (map) => {
          if (this.#lab === lab) this.#events.emit("map", { map });
        },
        connected: () => dom.clearError(),
        watchers: (count) => {
          if (this.#lab === lab) dom.setWatched(count > 0);
        },
        ended: () => this.#sessionEnded(lab),
        stillRunning: () => this.#stillRunning(lab),
      },
    });
    this.#lab = lab;
    const pending = this.#pending.splice(0);
    const first = pending[0]?.host ?? (this.#activeHost && hosts.includes(this.#activeHost) ? this.#activeHost : hosts[0]);
    if (first !== undefined) this.#showHost(first, focus);
    for (const { command, host } of pending) this.#showHost(host, false)?.run(command);
  }

  #showHost(host: string, focus: boolean): HostTerminal | undefined {
    const lab = this.#lab;
    if (!lab?.hosts.includes(host)) return undefined;
    this.#activeHost = host;
    this.#deps.dom.selectHost(host);
    const terminal = lab.terminal(host);
    terminal?.show(focus);
    this.#showActiveHost();
    return terminal;
  }

  // Asked before each reconnect: stop when the server says the session is over.
  async #stillRunning(lab: LabSession): Promise<boolean> {
    try {
      const view = await this.#deps.api.getSession(lab.handle);
      if (view.state !== "ended" && view.state !== "failed") return true;
      const over = sessionOverError();
      this.#deps.dom.showError(over.message, { code: over.code });
    } catch (error) {
      if (error instanceof LabApiError && error.unreachable) return true;
      this.#deps.dom.showError(messageOf(error), errorCodeOf(error));
    }
    this.#sessionEnded(lab);
    return false;
  }

  #sessionEnded(lab: LabSession): void {
    if (this.#lab !== lab) return;
    this.#forget();
    this.#setStatus({ state: "ended" });
  }

  #forget(): void {
    this.#teardown();
    this.#deps.storage.clear(this.#deps.lesson);
  }

  #teardown(): void {
    const lab = this.#lab;
    this.#lab = undefined;
    if (!lab) return;
    // Let the current event handler finish before its socket is disposed underneath it.
    queueMicrotask(() => lab.dispose());
    this.#deps.dom.clearHosts();
    this.#deps.dom.setWatched(false);
  }

  #activeTerminal(): HostTerminal | undefined {
    return this.#activeHost ? this.#lab?.existing(this.#activeHost) : undefined;
  }

  #showActiveHost(): void {
    const host = this.#activeHost;
    const status = host ? this.#lab?.status(host) : undefined;
    if (host && status) this.#setStatus(hostLabStatus(host, status));
  }

  #setStatus(status: LabStatus): void {
    this.#status = status;
    this.#deps.dom.setStatus(status);
    this.#events.emit("status", status);
  }

  /** The panel's current status (for tests and debugging). */
  get status(): LabStatus {
    return this.#status;
  }
}
