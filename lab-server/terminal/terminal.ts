/**
 * One shell in one sandbox host, shared by whoever is attached to it (the learner's browser, later
 * a watching instructor). The shell outlives any one socket: a dropped connection re-attaches and
 * gets the recent output replayed; if the shell exits, a fresh one starts in the same host.
 */
import type { Engine, ExecHandle } from "../docker/engine.ts";
import { LabError, toLabError } from "../errors.ts";
import { SKIP_MAX_MS, SKIP_QUIET_MS, SkippedBacklog } from "./interrupt-skip.ts";
import { OutputRate } from "./output-rate.ts";
import { Scrollback } from "./scrollback.ts";

/** Something that shows a terminal: in practice a WebSocket connection. */
export interface TerminalViewer {
  /** Terminal bytes. */
  output(bytes: Buffer): void;
  /** The shell restarted, with a short note. */
  restarted(detail: string): void;
  /** The terminal cannot continue (e.g. the sandbox is gone). */
  failed(error: LabError): void;
  /** The terminal's size changed (someone else resized it). */
  resized?(cols: number, rows: number): void;
  /** The Docker Engine does not answer; the terminal waits for it, saying why. */
  waiting?(detail: string): void;
}

/** Options of a {@link Terminal}. */
export interface TerminalOptions {
  engine: Engine;
  containerId: string;
  /** The shell to run. */
  shell: string[];
  env: string[];
  scrollbackBytes: number;
}

/** Rapid exits in a row after which the terminal gives up (the host is probably gone). */
const MAX_RAPID_RESTARTS = 5;
const RAPID_EXIT_MS = 2000;
/** How long a terminal waits for a Docker Engine that stopped answering before giving up. */
const ENGINE_WAIT_MS = 120_000;
/** Longest pause between attempts while waiting for the engine. */
const ENGINE_RETRY_MAX_MS = 4_000;
/** Keystrokes kept while no shell is running (e.g. typed during a restart). */
const MAX_PENDING_INPUT = 64 * 1024;
/** Output paused this recently still counts as a flood, for what an interrupt does (interrupt-skip.ts). */
const FLOOD_RECENT_MS = 1000;
/** Ctrl-C, Ctrl-\ and Ctrl-Z: the keys that stop a flooding program. */
const INTERRUPT_KEYS = [0x03, 0x1c, 0x1a];
/** The hold the output budget puts on the shell (output-rate.ts), beside those of slow viewers. */
const RATE_HOLD = Symbol("output budget");

/** A restartable shell with viewers, input, resize and backpressure. */
export class Terminal {
  readonly #options: TerminalOptions;
  readonly #viewers = new Set<TerminalViewer>();
  // Viewers that cannot keep up, and the output budget: while any holds, the shell's output is
  // paused (backpressure).
  readonly #holds = new Set<TerminalViewer | typeof RATE_HOLD>();
  readonly #rate = new OutputRate();
  #rateTimer: NodeJS.Timeout | undefined;
  /** When output was last paused: an interrupt soon after drops the flood's backlog. */
  #pausedAt = 0;
  #skip: { backlog: SkippedBacklog; quiet: NodeJS.Timeout; max: NodeJS.Timeout } | undefined;
  readonly #scrollback: Scrollback;
  #exec: ExecHandle | undefined;
  #starting: Promise<void> | undefined;
  #cols = 80;
  #rows = 24;
  #closed = false;
  #attachedOnce = false;
  #rapidExits = 0;
  #pendingInput: Buffer[] = [];
  #pendingBytes = 0;
  readonly #firstOutput = Promise.withResolvers<void>();

  constructor(options: TerminalOptions) {
    this.#options = options;
    this.#scrollback = new Scrollback(options.scrollbackBytes);
  }

  /** Starts the shell if it is not running; resolves once it is. */
  start(): Promise<void> {
    if (this.#exec) return Promise.resolve();
    this.#starting ??= this.#spawn().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  /** Adds a viewer; returns the recent output to replay to it. */
  attach(viewer: TerminalViewer): Buffer {
    this.#viewers.add(viewer);
    this.#attachedOnce = true;
    return this.#scrollback.snapshot();
  }

  /** Removes a viewer (and any hold it had). */
  detach(viewer: TerminalViewer): void {
    this.#viewers.delete(viewer);
    this.release(viewer);
  }

  /** The terminal's size in character cells. */
  get size(): { cols: number; rows: number } {
    return { cols: this.#cols, rows: this.#rows };
  }

  /** True while a viewer that cannot keep up has paused the shell's output. */
  get held(): boolean {
    return [...this.#holds].some((hold) => hold !== RATE_HOLD);
  }

  /** True once any viewer has attached (a shell started ahead of time has output but no viewer yet). */
  get attachedBefore(): boolean {
    return this.#attachedOnce;
  }

  /** True once output has been produced (a re-attach resumes a live screen). */
  get hasOutput(): boolean {
    return this.#scrollback.size > 0;
  }

  /** Resolves once the shell has printed something (its prompt), or the terminal is closed. */
  firstOutput(): Promise<void> {
    return this.#firstOutput.promise;
  }

  /** Sends keystrokes to the shell; while a shell is (re)starting they wait, up to a limit. */
  write(data: Buffer | string): void {
    if (this.#exec) {
      this.#exec.stream.write(data);
      if (this.#flooding() && hasInterrupt(data)) this.#startSkip();
      return;
    }
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    if (this.#pendingBytes + bytes.length > MAX_PENDING_INPUT) return;
    this.#pendingInput.push(bytes);
    this.#pendingBytes += bytes.length;
  }

  /** Resizes the shell's TTY (the last size wins, also for shells started later). */
  async resize(cols: number, rows: number): Promise<void> {
    const changed = cols !== this.#cols || rows !== this.#rows;
    this.#cols = cols;
    this.#rows = rows;
    if (changed) for (const viewer of this.#viewers) viewer.resized?.(cols, rows);
    await this.#exec?.resize(cols, rows);
  }

  /** `viewer` is behind: pause output until it releases. */
  hold(viewer: TerminalViewer): void {
    this.#holds.add(viewer);
    this.#applyFlow();
  }

  /** `viewer` caught up. */
  release(viewer: TerminalViewer): void {
    if (!this.#holds.delete(viewer)) return;
    this.#applyFlow();
  }

  // Output flows while nothing holds it, and while a skipped backlog is being read (dropped).
  #applyFlow(): void {
    const stream = this.#exec?.stream;
    if (!stream) return;
    if (this.#holds.size === 0 || this.#skip) {
      stream.resume();
    } else {
      this.#pausedAt = Date.now();
      stream.pause();
    }
  }

  #flooding(): boolean {
    return this.#holds.size > 0 || Date.now() - this.#pausedAt < FLOOD_RECENT_MS;
  }

  #onOutput(chunk: Buffer): void {
    this.#firstOutput.resolve();
    if (this.#skip) {
      this.#skip.backlog.push(chunk);
      this.#skip.quiet.refresh();
      return;
    }
    this.#emit(chunk);
    const wait = this.#rate.take(chunk.length);
    if (wait > 0 && !this.#rateTimer) {
      this.#holds.add(RATE_HOLD);
      this.#applyFlow();
      this.#rateTimer = setTimeout(() => {
        this.#rateTimer = undefined;
        this.#holds.delete(RATE_HOLD);
        this.#applyFlow();
      }, wait);
    }
  }

  #emit(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.#scrollback.push(bytes);
    for (const viewer of this.#viewers) viewer.output(bytes);
  }

  #startSkip(): void {
    if (this.#skip) return;
    const end = () => this.#endSkip();
    this.#skip = { backlog: new SkippedBacklog(), quiet: setTimeout(end, SKIP_QUIET_MS), max: setTimeout(end, SKIP_MAX_MS) };
    this.#applyFlow();
  }

  #endSkip(): void {
    const skip = this.#skip;
    if (!skip) return;
    clearTimeout(skip.quiet);
    clearTimeout(skip.max);
    this.#skip = undefined;
    this.#emit(skip.backlog.finish());
    this.#applyFlow();
  }

  /** Ends the shell for good. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#rateTimer);
    if (this.#skip) {
      clearTimeout(this.#skip.quiet);
      clearTimeout(this.#skip.max);
      this.#skip = undefined;
    }
    this.#exec?.stream.destroy();
    this.#exec = undefined;
    this.#viewers.clear();
    this.#holds.clear();
    this.#firstOutput.resolve();
  }

  async #spawn(): Promise<void> {
    const { engine, containerId, shell, env } = this.#options;
    const exec = await engine.execTty(containerId, { cmd: shell, env, cols: this.#cols, rows: this.#rows, workdir: "/root" });
    if (this.#closed) {
      exec.stream.destroy();
      return;
    }
    this.#exec = exec;
    const startedAt = Date.now();
    exec.stream.on("data", (chunk: Buffer) => this.#onOutput(chunk));
    exec.stream.once("close", () => void this.#onExit(exec, startedAt));
    exec.stream.on("error", () => undefined);
    this.#applyFlow();
    for (const bytes of this.#pendingInput.splice(0)) exec.stream.write(bytes);
    this.#pendingBytes = 0;
  }

  async #onExit(exec: ExecHandle, startedAt: number): Promise<void> {
    if (this.#exec !== exec) return;
    // What a skip kept (the tail, with the shell's last words) is shown before the restart note.
    this.#endSkip();
    this.#exec = undefined;
    if (this.#closed) return;
    this.#rapidExits = Date.now() - startedAt < RAPID_EXIT_MS ? this.#rapidExits + 1 : 0;
    if (this.#rapidExits >= MAX_RAPID_RESTARTS) {
      this.#fail(new LabError("LAB_ERR_SANDBOX_GONE"));
      return;
    }
    this.note("the shell exited; starting a fresh one in the same sandbox");
    for (const viewer of this.#viewers) viewer.restarted("the shell exited; a fresh one started in the same sandbox");
    try {
      await this.#startWhenEngineAnswers();
    } catch (err) {
      this.#fail(toLabError(err));
    }
  }

  // An engine restart ends every exec stream at once. With live restore the sandbox keeps
  // running, so the terminal waits for the engine instead of declaring the sandbox gone.
  async #startWhenEngineAnswers(): Promise<void> {
    const deadline = Date.now() + ENGINE_WAIT_MS;
    let delay = 250;
    let waited = false;
    for (;;) {
      try {
        await this.start();
        if (waited) {
          this.note("the Docker Engine is back; this is a fresh shell in the same sandbox");
          for (const viewer of this.#viewers) viewer.restarted("the Docker Engine is back; a fresh shell started in the same sandbox");
        }
        return;
      } catch (err) {
        const error = toLabError(err);
        if (error.code !== "LAB_ERR_ENGINE_UNREACHABLE" || this.#closed || Date.now() >= deadline) throw error;
        if (!waited) {
          waited = true;
          this.note("the Docker Engine on this machine is restarting; your sandbox is kept, waiting for it");
          for (const viewer of this.#viewers) viewer.waiting?.("the Docker Engine is restarting; your sandbox is kept");
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, ENGINE_RETRY_MAX_MS);
      }
    }
  }

  /** Writes a dim note into the terminal itself (kept in the scrollback, so a replay shows it). */
  note(text: string): void {
    this.#emit(Buffer.from(`\r\n\x1b[2m[${text}]\x1b[0m\r\n`));
  }

  #fail(error: LabError): void {
    for (const viewer of this.#viewers) viewer.failed(error);
  }
}

function hasInterrupt(data: Buffer | string): boolean {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  return INTERRUPT_KEYS.some((key) => bytes.includes(key));
}
