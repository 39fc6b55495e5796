/**
 * A connection to one sandbox host's own Docker Engine kept open between rounds of requests: one
 * long-lived `nc -U` in the host, started on first use, with HTTP/1.1 requests pipelined on it.
 * A round then costs the nested engine's own work and nothing else: no process starts, no exec.
 *
 * The learner is root in the host and can end the `nc` or stand something else at the socket;
 * that affects only their own checks and map. Replies are read with strict framing and a bound on
 * their size, and anything unexpected ends the connection; the next round opens a new one.
 */
import type { Engine, PipeHandle } from "../docker/engine.ts";
import { type ApiOptions, ENGINE_CONNECTION, getRequests } from "./engine-api.ts";
import { type HttpReply, readHttpReplies } from "./http-replies.ts";

/** Why a connection could not serve a round. */
export type PipeFailure = "closed" | "start" | "ended" | "protocol";

/** The connection could not serve a round; the caller can still ask another way. */
export class PipeUnavailable extends Error {
  /** What went wrong: closed by the server, failed to start, ended, or answered nonsense. */
  readonly reason: PipeFailure;

  constructor(reason: PipeFailure, message: string) {
    super(message);
    this.reason = reason;
  }
}

interface Round {
  count: number;
  maxBytes: number;
  resolve: (replies: HttpReply[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** The kept connection to one host's engine. */
export class EnginePipe {
  readonly #engine: Pick<Engine, "execPipe">;
  readonly #containerId: string;
  #pipe: Promise<PipeHandle> | undefined;
  /** Rounds go one at a time: replies carry no request id, only their order. */
  #queue: Promise<unknown> = Promise.resolve();
  #round: Round | undefined;
  #buffer: Buffer = Buffer.alloc(0);
  /** Whether the connection now open has answered a round. */
  #answered = false;
  #closed = false;

  constructor(engine: Pick<Engine, "execPipe">, containerId: string) {
    this.#engine = engine;
    this.#containerId = containerId;
  }

  /**
   * GETs `paths` in order. Resolves with every reply; rejects with PipeUnavailable when the
   * connection could not serve them, or with a plain Error when the engine did not answer in time.
   */
  request(paths: readonly string[], options: ApiOptions): Promise<HttpReply[]> {
    const run = this.#queue.then(() => this.#send(paths, options));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Ends the connection; rounds still waiting fail with PipeUnavailable. */
  close(): void {
    this.#closed = true;
    this.#fail("closed", "the connection is closed");
  }

  async #send(paths: readonly string[], options: ApiOptions): Promise<HttpReply[]> {
    if (this.#closed) throw new PipeUnavailable("closed", "the connection is closed");
    if (paths.length === 0) return [];
    const opened = this.#open();
    let pipe: PipeHandle;
    try {
      pipe = await opened;
    } catch {
      throw new PipeUnavailable("start", "could not connect to the sandbox's engine");
    }
    // It ended while this round waited for it to open.
    if (this.#pipe !== opened) throw new PipeUnavailable("ended", "the connection ended");
    return new Promise<HttpReply[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Replies may still come; what they answer would be lost, so the connection goes with them.
        this.#round = undefined;
        this.#fail("ended", "the connection was given up");
        reject(new Error("the sandbox's engine did not answer in time"));
      }, options.timeoutMs);
      this.#round = { count: paths.length, maxBytes: options.maxBytes, resolve, reject, timer };
      pipe.write(getRequests(paths, false));
    });
  }

  #open(): Promise<PipeHandle> {
    if (!this.#pipe) {
      const opened = this.#engine.execPipe(
        this.#containerId,
        ENGINE_CONNECTION,
        // A connection already given up says nothing more.
        (chunk) => {
          if (this.#pipe === opened) this.#receive(chunk);
        },
        // An engine that is down refuses the connection, and nc ends before any reply.
        () => {
          if (this.#pipe === opened) this.#fail(this.#answered ? "ended" : "start", "the connection ended");
        },
      );
      this.#pipe = opened;
      opened.then(
        (pipe) => {
          if (this.#closed || this.#pipe !== opened) pipe.stop();
        },
        () => {
          if (this.#pipe === opened) this.#pipe = undefined;
        },
      );
    }
    return this.#pipe;
  }

  #receive(chunk: Buffer): void {
    const round = this.#round;
    // Bytes nobody asked for: whatever answers on the socket is not an engine.
    if (!round) {
      this.#fail("protocol", "the engine sent what was not asked for");
      return;
    }
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    if (this.#buffer.length > round.maxBytes) {
      this.#fail("protocol", "the engine's replies were too large");
      return;
    }
    const { replies, end } = readHttpReplies(this.#buffer);
    if (replies.length < round.count) {
      // Whatever is left must be the start of the next reply.
      const rest = this.#buffer.subarray(end, end + 7).toString("latin1");
      if (!"HTTP/1.".startsWith(rest)) this.#fail("protocol", "the engine's reply was not understood");
      return;
    }
    if (replies.length > round.count || end !== this.#buffer.length) {
      this.#fail("protocol", "the engine sent what was not asked for");
      return;
    }
    this.#round = undefined;
    this.#buffer = Buffer.alloc(0);
    this.#answered = true;
    clearTimeout(round.timer);
    round.resolve(replies);
  }

  #fail(reason: PipeFailure, why: string): void {
    const pipe = this.#pipe;
    this.#pipe = undefined;
    this.#answered = false;
    this.#buffer = Buffer.alloc(0);
    void pipe?.then((p) => p.stop()).catch(() => undefined);
    const round = this.#round;
    this.#round = undefined;
    if (round) {
      clearTimeout(round.timer);
      round.reject(new PipeUnavailable(reason, why));
    }
  }
}
