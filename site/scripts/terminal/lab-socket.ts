import { CLOSE_REPLACED, CLOSE_SESSION_ENDED, type ClientMessage } from "../../../common/schemas/protocol.ts";
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from "../lib/backoff.ts";
import { type Disposable, DisposableStore, toDisposable } from "../lib/disposables.ts";
import { Emitter, type Listener } from "../lib/emitter.ts";
import { decodeFrame, type LabSocketEndReason, type LabSocketEvents } from "./frames.ts";
import type { TerminalSize } from "./terminal-view.ts";

export type { LabSocketEndReason, LabSocketEvents } from "./frames.ts";

/** Settings for a {@link LabSocket}. */
export interface LabSocketOptions {
  /** The terminal's WebSocket URL (ws:// or wss://). */
  readonly url: string;
  /** Asked before every reconnect; resolve to false when the session is gone. */
  readonly beforeReconnect?: () => Promise<boolean>;
  /** Reconnect timing; defaults to 0.5 s doubling to 8 s. */
  readonly backoff?: BackoffOptions;
  /** How often to probe a quiet connection, in ms (0 turns probing off). Defaults to 20 s. */
  readonly keepAliveMs?: number;
  /** Opens the socket; replaceable in tests. */
  readonly createWebSocket?: (url: string) => WebSocket;
}

const encoder = new TextEncoder();
// Local reason for dropping a connection that stopped answering; never sent to the server.
const CLOSE_UNRESPONSIVE = 4408;

/**
 * One terminal's WebSocket: speaks the protocol in common/schemas/protocol.ts and reconnects with
 * exponential backoff when the connection drops. It knows nothing about the page or the terminal
 * widget; it only emits typed events.
 */
export class LabSocket implements Disposable {
  readonly #options: LabSocketOptions;
  readonly #events = new Emitter<LabSocketEvents>();
  readonly #store = new DisposableStore();
  #connection: DisposableStore | undefined;
  #socket: WebSocket | undefined;
  #retryTimer: Disposable | undefined;
  #greeted = false;
  #attempt = 0;
  #dropped = false;
  #stopped = false;
  #lastHeard = 0;

  constructor(options: LabSocketOptions) {
    this.#options = options;
    this.#store.add(this.#events);
    this.#store.defer(() => {
      this.#cancelRetry();
      this.#closeConnection();
    });
  }

  /** True while a socket is open and the server has said hello. */
  get isOpen(): boolean {
    return this.#socket?.readyState === WebSocket.OPEN && this.#greeted;
  }

  /** Subscribes to one event type. */
  on<K extends keyof LabSocketEvents>(type: K, listener: Listener<LabSocketEvents[K]>): Disposable {
    return this.#store.add(this.#events.on(type, listener));
  }

  /** Opens the socket (again, after it stopped or while it waits to reconnect). */
  connect(): void {
    if (this.#store.isDisposed) return;
    this.#stopped = false;
    this.#attempt = 0;
    this.#open();
  }

  /** Sends keystrokes or pasted text as a binary frame; returns false when not connected. */
  sendInput(text: string): boolean {
    return this.#sendRaw(encoder.encode(text));
  }

  /** Tells the server the terminal's size. */
  sendResize(size: TerminalSize): boolean {
    return this.#send({ type: "resize", cols: size.cols, rows: size.rows });
  }

  /** Asks the server to evaluate the lesson's exercises now; the answer is a `checks` event with the same `id`. */
  requestCheck(id: string): boolean {
    return this.isOpen && this.#send({ type: "check", id });
  }

  /** Closes the socket for good; no events follow. */
  dispose(): void {
    this.#store.dispose();
  }

  #open(): void {
    this.#cancelRetry();
    this.#closeConnection();
    const connection = new DisposableStore();
    this.#connection = connection;
    this.#events.emit("connecting", { attempt: this.#attempt });
    const socket = (this.#options.createWebSocket ?? ((url) => new WebSocket(url)))(this.#options.url);
    socket.binaryType = "arraybuffer";
    this.#socket = socket;
    this.#lastHeard = Date.now();
    const onMessage = (event: MessageEvent) => this.#receive(event.data);
    const onClose = (event: CloseEvent) => this.#handleClose(event.code);
    socket.addEventListener("message", onMessage);
    socket.addEventListener("close", onClose);
    connection.defer(() => {
      socket.removeEventListener("message", onMessage);
      socket.removeEventListener("close", onClose);
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close(1000);
    });
  }

  #closeConnection(): void {
    this.#connection?.dispose();
    this.#connection = undefined;
    this.#socket = undefined;
    this.#greeted = false;
  }

  #cancelRetry(): void {
    this.#retryTimer?.dispose();
    this.#retryTimer = undefined;
  }

  #receive(data: unknown): void {
    this.#lastHeard = Date.now();
    const frame = decodeFrame(data);
    if (!frame) return;
    if (frame.kind === "output") {
      this.#events.emit("output", frame.bytes);
      return;
    }
    const message = frame.message;
    switch (message.type) {
      case "hello":
        this.#hello(message.sessionId, message.host, message.resumed);
        break;
      case "status":
        this.#events.emit("status", { phase: message.phase, detail: message.detail });
        break;
      case "error":
        this.#events.emit("error", { code: message.code, message: message.message, fatal: message.fatal });
        break;
      case "checks":
        this.#events.emit("checks", { results: message.results, id: message.id });
        break;
      case "map":
        this.#events.emit("map", { map: message.map });
        break;
      case "size":
        this.#events.emit("size", { cols: message.cols, rows: message.rows });
        break;
      case "watchers":
        this.#events.emit("watchers", { count: message.count });
        break;
      case "pong":
        break;
    }
  }

  #hello(sessionId: string, host: string, resumed: boolean): void {
    this.#greeted = true;
    const reconnected = this.#dropped;
    this.#dropped = false;
    this.#attempt = 0;
    this.#startKeepAlive();
    this.#events.emit("hello", { sessionId, host, resumed, reconnected });
  }

  #startKeepAlive(): void {
    const every = this.#options.keepAliveMs ?? 20_000;
    const connection = this.#connection;
    if (every <= 0 || !connection) return;
    connection.setInterval(() => {
      // A connection that has heard nothing, not even a pong, for a while is dead (e.g. after sleep).
      if (Date.now() - this.#lastHeard > every * 2.5) this.#handleClose(CLOSE_UNRESPONSIVE);
      else this.#send({ type: "ping", t: Date.now() });
    }, every);
  }

  #handleClose(code: number): void {
    this.#closeConnection();
    if (this.#stopped || this.#store.isDisposed) return;
    if (code === CLOSE_SESSION_ENDED || code === CLOSE_REPLACED) {
      this.#stop(code === CLOSE_SESSION_ENDED ? "ended" : "replaced", code);
      return;
    }
    this.#dropped = true;
    this.#attempt += 1;
    const attempt = this.#attempt;
    const delayMs = backoffDelay(attempt, this.#options.backoff ?? DEFAULT_BACKOFF);
    this.#events.emit("reconnecting", { attempt, delayMs });
    const id = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#reconnect(attempt, code);
    }, delayMs);
    this.#retryTimer = toDisposable(() => clearTimeout(id));
  }

  async #reconnect(attempt: number, code: number): Promise<void> {
    let goOn = true;
    try {
      goOn = (await this.#options.beforeReconnect?.()) ?? true;
    } catch {
      goOn = true;
    }
    // Skip when disposed, stopped, or `connect()` already opened a newer socket meanwhile.
    if (this.#stopped || this.#store.isDisposed || attempt !== this.#attempt || this.#socket) return;
    if (!goOn) this.#stop("stopped", code);
    else this.#open();
  }

  #stop(reason: LabSocketEndReason, code: number): void {
    this.#stopped = true;
    this.#cancelRetry();
    this.#closeConnection();
    this.#events.emit("closed", { reason, code });
  }

  #send(message: ClientMessage): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  }

  #sendRaw(bytes: Uint8Array<ArrayBuffer>): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(bytes);
    return true;
  }
}
