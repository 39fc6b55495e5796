import type { DashboardMember } from "../../../../common/schemas/dashboard.ts";
import { watchSocketUrl } from "../../lab/socket-url.ts";
import { type Disposable, DisposableStore, listen } from "../../lib/disposables.ts";
import { LabSocket } from "../../terminal/lab-socket.ts";
import type { TerminalViewFactory } from "../../terminal/terminal-view.ts";
import { part } from "../form-parts.ts";

/** What the watch panel needs from the page. */
export interface WatchPanelOptions {
  readonly root: HTMLElement;
  readonly classId: string;
  readonly location: Location;
  readonly createView: TerminalViewFactory;
  /** The member's latest state, asked before each reconnect: stop once they have no lab open. */
  readonly memberNow: (memberId: string) => DashboardMember | undefined;
}

/**
 * A read-only view of one class member's terminal: their output, at their terminal's size, with
 * a tab per host. Everything it opens is released when it closes or switches to someone else.
 */
export class WatchPanel implements Disposable {
  readonly #options: WatchPanelOptions;
  readonly #store = new DisposableStore();
  #current: DisposableStore | undefined;
  #memberId: string | undefined;
  readonly #title: HTMLElement;
  readonly #status: HTMLElement;
  readonly #screen: HTMLElement;
  readonly #tabs: HTMLElement;

  constructor(options: WatchPanelOptions) {
    this.#options = options;
    this.#title = part(options.root, "watch-title", HTMLElement);
    this.#status = part(options.root, "watch-status", HTMLElement);
    this.#screen = part(options.root, "watch-screen", HTMLElement);
    this.#tabs = part(options.root, "watch-tabs", HTMLElement);
    this.#store.add(listen(part(options.root, "watch-close", HTMLButtonElement), "click", () => this.close()));
    this.#store.defer(() => this.close());
  }

  /** Watches `member`'s terminal on `host` (their first host by default). */
  open(member: DashboardMember, host = member.live?.hosts[0]): void {
    this.#current?.dispose();
    const live = member.live;
    if (!live || !host) return;
    const store = new DisposableStore();
    this.#current = store;
    this.#memberId = member.memberId;
    const name = member.displayName ?? "this learner";
    this.#options.root.hidden = false;
    this.#title.textContent = `Watching ${name}`;
    this.#renderTabs(member, host);
    this.#setStatus("Connecting…");
    this.#screen.replaceChildren();
    const container = document.createElement("div");
    container.className = "watch-term";
    this.#screen.append(container);
    store.defer(() => container.remove());

    const view = store.add(this.#options.createView(container, { label: `${name}'s terminal on ${host} (read-only)`, readOnly: true }));
    const socket = store.add(
      new LabSocket({
        url: watchSocketUrl(this.#options.location, this.#options.classId, member.memberId, host),
        beforeReconnect: async () => this.#options.memberNow(member.memberId)?.live != null,
      }),
    );
    let hadOutput = false;
    store.add(
      socket.on("hello", () => {
        // The server replays recent output on every (re)connect: start from a clean screen.
        if (hadOutput) view.clear();
      }),
    );
    store.add(socket.on("size", (size) => view.resize(size)));
    store.add(
      socket.on("output", (bytes) => {
        hadOutput = true;
        view.write(bytes);
      }),
    );
    store.add(
      socket.on("status", ({ phase }) => {
        if (phase === "ready") this.#setStatus(`Live: ${name} on ${host}. Read-only: your keys are not sent.`);
        if (phase === "ended") this.#setStatus(`${name}'s lab has ended.`);
        if (phase === "engine-restarting") this.#setStatus("The Docker Engine is restarting; the terminal comes back when it is up.");
        if (phase === "shell-restarted") this.#setStatus(`Live: ${name} on ${host} (a fresh shell). Read-only.`);
      }),
    );
    store.add(socket.on("reconnecting", () => this.#setStatus("Connection lost; reconnecting…")));
    store.add(socket.on("error", ({ message, fatal }) => (fatal ? this.#setStatus(message) : undefined)));
    store.add(
      socket.on("closed", ({ reason }) => {
        if (reason !== "ended") this.#setStatus(`${name} has no lab open now.`);
      }),
    );
    socket.connect();
    this.#options.root.scrollIntoView({ block: "nearest" });
  }

  /** The member being watched, if any. */
  get memberId(): string | undefined {
    return this.#memberId;
  }

  /** Stops watching and hides the panel. */
  close(): void {
    this.#current?.dispose();
    this.#current = undefined;
    this.#memberId = undefined;
    this.#options.root.hidden = true;
    this.#tabs.replaceChildren();
  }

  dispose(): void {
    this.#store.dispose();
  }

  #setStatus(text: string): void {
    this.#status.textContent = text;
  }

  #renderTabs(member: DashboardMember, active: string): void {
    const hosts = member.live?.hosts ?? [];
    this.#tabs.hidden = hosts.length < 2;
    this.#tabs.replaceChildren(
      ...hosts.map((host) => {
        const tab = document.createElement("button");
        tab.type = "button";
        tab.className = "button run-button-compact";
        tab.setAttribute("role", "tab");
        tab.setAttribute("aria-selected", String(host === active));
        tab.textContent = host;
        tab.addEventListener("click", () => {
          const now = this.#options.memberNow(member.memberId) ?? member;
          this.open(now, host);
        });
        return tab;
      }),
    );
  }
}
