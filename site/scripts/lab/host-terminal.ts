import { type Disposable, DisposableStore } from "../lib/disposables.ts";
import type { Listener } from "../lib/emitter.ts";
import { LabSocket, type LabSocketEvents, type LabSocketOptions } from "../terminal/lab-socket.ts";
import type { TerminalSize, TerminalView, TerminalViewFactory } from "../terminal/terminal-view.ts";

/** Settings for a {@link HostTerminal}. */
export interface HostTerminalOptions {
  /** The sandbox host this terminal belongs to. */
  readonly host: string;
  /** Element the terminal is drawn in; it must be visible when the terminal is created. */
  readonly container: HTMLElement;
  /** Draws the terminal. */
  readonly createView: TerminalViewFactory;
  /** Socket settings (URL, reconnect check). */
  readonly socket: LabSocketOptions;
  /** Called with short notices for the learner (e.g. clipboard blocked). */
  readonly onNotice?: (message: string) => void;
}

// Resizes arrive in bursts while a separator is dragged; the shell only needs the final size.
const RESIZE_DEBOUNCE_MS = 120;

/**
 * One host's terminal: a {@link TerminalView} joined to a {@link LabSocket}. It forwards keystrokes
 * and output, keeps the server told of the terminal size, and holds commands from Run buttons
 * until the host's shell is ready.
 */
export class HostTerminal implements Disposable {
  readonly host: string;
  readonly #store = new DisposableStore();
  readonly #view: TerminalView;
  readonly #socket: LabSocket;
  readonly #queue: string[] = [];
  #shellReady = false;
  #hadOutput = false;
  #sentSize: TerminalSize | undefined;
  #resizeTimer: Disposable | undefined;

  constructor(options: HostTerminalOptions) {
    this.host = options.host;
    const viewOptions = {
      label: `Terminal on ${options.host}`,
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    };
    this.#view = this.#store.add(options.createView(options.container, viewOptions));
    this.#socket = this.#store.add(new LabSocket(options.socket));
    this.#store.add(this.#view.onData((data) => this.#socket.sendInput(data)));
    this.#store.add(this.#socket.on("output", (bytes) => this.#output(bytes)));
    this.#store.add(this.#socket.on("hello", ({ resumed }) => this.#greeted(resumed)));
    this.#store.add(
      this.#socket.on("status", ({ phase }) => {
        if (phase === "ready" || phase === "shell-restarted") this.#markReady();
      }),
    );
    this.#store.add(this.#socket.on("reconnecting", () => this.#notReady()));
    this.#store.add(this.#socket.on("closed", () => this.#notReady()));
    const observer = new ResizeObserver(() => this.#scheduleFit());
    observer.observe(options.container);
    this.#store.defer(() => observer.disconnect());
    this.#store.defer(() => this.#resizeTimer?.dispose());
    this.#fitAndReport(false);
  }

  /** Subscribes to this host's socket events. */
  on<K extends keyof LabSocketEvents>(type: K, listener: Listener<LabSocketEvents[K]>): Disposable {
    return this.#store.add(this.#socket.on(type, listener));
  }

  /** Types `command` and Enter into the shell, now or as soon as the shell is ready. */
  run(command: string): void {
    if (this.#shellReady && this.#socket.isOpen) this.#socket.sendInput(`${command}\r`);
    else this.#queue.push(command);
  }

  /** Asks the server to evaluate the exercises now; false when this terminal is not connected. */
  requestCheck(id: string): boolean {
    return this.#socket.requestCheck(id);
  }

  /** Call when the terminal becomes visible: fits it to its container and focuses it if asked. */
  show(focus: boolean): void {
    this.#fitAndReport(false);
    if (focus) this.#view.focus();
  }

  /** Opens the socket; call again to reconnect after it stopped (e.g. another tab took over). */
  connect(): void {
    this.#socket.connect();
  }

  dispose(): void {
    this.#store.dispose();
  }

  #output(bytes: Uint8Array): void {
    this.#hadOutput = true;
    this.#view.write(bytes);
    this.#markReady();
  }

  #greeted(resumed: boolean): void {
    // The server replays recent output to a resumed socket; start from a clean screen so it is not doubled.
    if (resumed && this.#hadOutput) this.#view.clear();
    this.#fitAndReport(true);
    if (resumed) this.#markReady();
  }

  #markReady(): void {
    this.#shellReady = true;
    while (this.#queue.length > 0 && this.#socket.isOpen) {
      const command = this.#queue.shift();
      if (command !== undefined) this.#socket.sendInput(`${command}\r`);
    }
  }

  #notReady(): void {
    this.#shellReady = false;
  }

  #scheduleFit(): void {
    this.#resizeTimer?.dispose();
    const id = setTimeout(() => this.#fitAndReport(false), RESIZE_DEBOUNCE_MS);
    this.#resizeTimer = { dispose: () => clearTimeout(id) };
  }

  #fitAndReport(force: boolean): void {
    if (this.#store.isDisposed) return;
    const size = this.#view.fit() ?? (force ? this.#sentSize : undefined);
    if (!size) return;
    const changed = size.cols !== this.#sentSize?.cols || size.rows !== this.#sentSize?.rows;
    if ((changed || force) && this.#socket.sendResize(size)) this.#sentSize = size;
    else if (changed) this.#sentSize = undefined;
  }
}
