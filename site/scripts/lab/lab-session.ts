import type { ExerciseResult } from "../../../common/schemas/checks.ts";
import type { NetworkMap } from "../../../common/schemas/map.ts";
import { type Disposable, DisposableStore } from "../lib/disposables.ts";
import type { TerminalViewFactory } from "../terminal/terminal-view.ts";
import type { SessionHandle } from "./api.ts";
import { HostTerminal } from "./host-terminal.ts";
import { terminalSocketUrl } from "./socket-url.ts";
import type { HostStatus } from "./status.ts";
import { watchHost } from "./watch-host.ts";

/** What a {@link LabSession} reports to the panel. */
export interface LabSessionEvents {
  /** A host's connection status changed. */
  status(host: string, status: HostStatus): void;
  /** The server reported an error on a terminal socket. */
  error(message: string, code: string): void;
  /** A short note for the learner (e.g. the browser blocked the clipboard). */
  notice(message: string): void;
  /** The lab server judged the lesson's exercises (every host's socket reports it, so repeats come). */
  checks(results: readonly ExerciseResult[], id: string | undefined): void;
  /** The sandbox's live network map (every host's socket sends it, so repeats come). */
  map(map: NetworkMap): void;
  /** A terminal socket (re)connected. */
  connected(): void;
  /** How many instructors watch the lab's terminals now (every host's socket reports it). */
  watchers(count: number): void;
  /** The session is over. */
  ended(): void;
  /** Asked before each reconnect; resolves to false when the session is gone. */
  stillRunning(): Promise<boolean>;
}

/** Settings for a {@link LabSession}. */
export interface LabSessionOptions {
  readonly handle: SessionHandle;
  /** The sandbox's hosts, in tab order. */
  readonly hosts: readonly string[];
  /** Each host's terminal container. */
  readonly containers: ReadonlyMap<string, HTMLElement>;
  readonly createView: TerminalViewFactory;
  /** The page's location, for socket URLs. */
  readonly location: Location;
  readonly events: LabSessionEvents;
}

/** One running lab on the page: its session and a terminal per host, opened when first shown. */
export class LabSession implements Disposable {
  readonly handle: SessionHandle;
  readonly hosts: readonly string[];
  readonly #options: LabSessionOptions;
  readonly #terminals = new Map<string, HostTerminal>();
  readonly #statuses = new Map<string, HostStatus>();
  readonly #store = new DisposableStore();

  constructor(options: LabSessionOptions) {
    this.#options = options;
    this.handle = options.handle;
    this.hosts = options.hosts;
  }

  /** The terminal of `host` if it has been opened. */
  existing(host: string): HostTerminal | undefined {
    return this.#terminals.get(host);
  }

  /** The terminal of `host`, opening it (and its socket) on first use; its container must be visible. */
  terminal(host: string): HostTerminal | undefined {
    const existing = this.#terminals.get(host);
    if (existing) return existing;
    const container = this.#options.containers.get(host);
    if (!container || this.#store.isDisposed) return undefined;
    return this.#open(host, container);
  }

  /** Asks for an evaluation over `preferred`'s socket, else any connected one; false when none is. */
  requestCheck(id: string, preferred: string | undefined): boolean {
    const first = preferred === undefined ? undefined : this.#terminals.get(preferred);
    if (first?.requestCheck(id)) return true;
    for (const terminal of this.#terminals.values()) {
      if (terminal !== first && terminal.requestCheck(id)) return true;
    }
    return false;
  }

  /** The last known connection status of `host`. */
  status(host: string): HostStatus | undefined {
    return this.#statuses.get(host);
  }

  dispose(): void {
    this.#store.dispose();
  }

  #open(host: string, container: HTMLElement): HostTerminal {
    const { createView, location, handle, events } = this.#options;
    const terminal = this.#store.add(
      new HostTerminal({
        host,
        container,
        createView,
        onNotice: (message) => events.notice(message),
        socket: {
          url: terminalSocketUrl(location, handle.id, host, handle.token),
          beforeReconnect: () => events.stillRunning(),
        },
      }),
    );
    this.#terminals.set(host, terminal);
    terminal.on("checks", ({ results, id }) => events.checks(results, id));
    terminal.on("map", ({ map }) => events.map(map));
    terminal.on("watchers", ({ count }) => events.watchers(count));
    this.#statuses.set(host, { kind: "connecting" });
    watchHost(terminal, {
      status: (status) => {
        this.#statuses.set(host, status);
        events.status(host, status);
      },
      error: (message, code) => events.error(message, code),
      connected: () => events.connected(),
      ended: () => events.ended(),
    });
    terminal.connect();
    return terminal;
  }
}
