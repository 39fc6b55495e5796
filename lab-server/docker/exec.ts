/**
 * Running processes in containers: an interactive TTY (a learner's shell), a command run to
 * completion (a probe), and a long-lived pipe (a helper that serves requests). The Engine offers
 * these as its exec methods; they live apart because they speak dockerode's hijacked streams.
 */
import { type Duplex, PassThrough } from "node:stream";
import type Docker from "dockerode";
import { dockerCall, fromDockerError, isNotFound } from "./errors.ts";

/** An interactive exec: a raw byte stream plus resize. */
export interface ExecHandle {
  /** Bytes to and from the process (TTY mode: one stream, no multiplexing). */
  readonly stream: Duplex;
  /** Resize the process's TTY. */
  resize(cols: number, rows: number): Promise<void>;
  /** The process's exit code once it has ended (null if the engine no longer knows). */
  exitCode(): Promise<number | null>;
}

/** What runs a sandbox host's short commands: the engine itself, or a session's helpers (SandboxAgents). */
export interface HostExec {
  /** Runs a command to completion without a TTY, capturing its output (bounded to `maxBytes` each). */
  execCapture(id: string, cmd: string[], options: { timeoutMs: number; maxBytes?: number }): Promise<CaptureResult>;
}

/** A long-lived process without a TTY whose stdin stays open (see `execPipe`). */
export interface PipeHandle {
  /** Writes to the process's stdin. */
  write(data: string): void;
  /** Ends the process's streams; it sees end of input and the engine ends it. */
  stop(): void;
}

/** Result of a non-interactive command. */
export interface CaptureResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Starts an interactive TTY process in a running container. */
export async function execTty(
  docker: Docker,
  id: string,
  options: { cmd: string[]; env?: string[]; cols: number; rows: number; workdir?: string },
): Promise<ExecHandle> {
  const container = docker.getContainer(id);
  const exec = await dockerCall("exec", () =>
    container.exec({
      Cmd: options.cmd,
      Env: options.env ?? [],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      ...(options.workdir ? { WorkingDir: options.workdir } : {}),
    }),
  );
  const stream = (await dockerCall("exec", () => exec.start({ hijack: true, stdin: true, Tty: true }))) as Duplex;
  // The engine sizes a fresh TTY at 80x24; tell it the browser's size before the prompt draws.
  await exec.resize({ w: options.cols, h: options.rows }).catch(() => undefined);
  return {
    stream,
    resize: async (cols, rows) => {
      await exec.resize({ w: cols, h: rows }).catch((err: unknown) => {
        if (!isNotFound(err)) throw fromDockerError("exec", err);
      });
    },
    exitCode: async () => {
      try {
        return (await exec.inspect()).ExitCode;
      } catch {
        return null;
      }
    },
  };
}

/** Runs a command to completion without a TTY, capturing its output (bounded to `maxBytes` each). */
export async function execCapture(
  docker: Docker,
  id: string,
  cmd: string[],
  options: { timeoutMs: number; maxBytes?: number },
): Promise<CaptureResult> {
  const max = options.maxBytes ?? 256 * 1024;
  const exec = await dockerCall("exec", () =>
    docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false }),
  );
  const raw = (await dockerCall("exec", () => exec.start({ hijack: true, stdin: false }))) as Duplex;
  const stdout = new Collector(max);
  const stderr = new Collector(max);
  docker.modem.demuxStream(raw, stdout, stderr);
  const timedOut = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      raw.destroy();
      resolve(true);
    }, options.timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(false);
    };
    raw.on("end", done);
    raw.on("close", done);
    raw.on("error", done);
  });
  const exitCode = timedOut ? null : ((await exec.inspect().catch(() => null))?.ExitCode ?? null);
  return { exitCode, stdout: stdout.text(), stderr: stderr.text(), timedOut };
}

/**
 * Starts a long-lived command without a TTY that reads its stdin, e.g. a helper that serves
 * requests. `onData` gets its stdout (stderr is dropped); `onEnd` runs once when it ends by itself.
 */
export async function execPipe(
  docker: Docker,
  id: string,
  cmd: string[],
  onData: (chunk: Buffer) => void,
  onEnd: () => void,
): Promise<PipeHandle> {
  const exec = await dockerCall("exec", () =>
    docker.getContainer(id).exec({ Cmd: cmd, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: false }),
  );
  const raw = (await dockerCall("exec", () => exec.start({ hijack: true, stdin: true }))) as Duplex;
  const out = new PassThrough();
  docker.modem.demuxStream(raw, out, new PassThrough());
  out.on("data", onData);
  let stopped = false;
  const ended = () => {
    if (!stopped) onEnd();
    stopped = true;
  };
  raw.on("end", ended);
  raw.on("close", ended);
  raw.on("error", ended);
  return {
    write: (data) => {
      if (!stopped) raw.write(data);
    },
    stop: () => {
      stopped = true;
      raw.destroy();
    },
  };
}

/** A writable sink that keeps at most `max` bytes. */
class Collector extends PassThrough {
  readonly #chunks: Buffer[] = [];
  readonly #max: number;
  #size = 0;
  constructor(max: number) {
    super();
    this.#max = max;
    this.on("data", (chunk: Buffer) => {
      if (this.#size >= this.#max) return;
      const part = chunk.subarray(0, this.#max - this.#size);
      this.#chunks.push(part);
      this.#size += part.length;
    });
  }
  text(): string {
    return Buffer.concat(this.#chunks).toString("utf8");
  }
}
