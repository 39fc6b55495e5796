/**
 * A helper shell kept running in a sandbox host, through which the lab server runs its short
 * commands there (check snapshots and probes, the map's interface tables) without a `docker exec`
 * each. An exec costs the machine's engine about 80 ms of CPU (the engine, its shim and runc), all
 * of it outside the sandbox's CPU limit and beside every learner's terminal relay: twenty learners
 * pressing Enter at once stalled everyone's keystroke echo for seconds. A command sent to the helper
 * costs a few process starts inside the sandbox, charged to that sandbox.
 *
 * Requests, one per line on its stdin: `<id> <seconds> <maxBytes> <sh script>`, the script with its
 * backslashes doubled and newlines as `\n` (printf's `%b` undoes both). Each runs
 * on its own, bounded by `seconds`; its reply is a line `<id> <status> <stdoutBytes> <stderrBytes>`
 * followed by exactly those bytes (each stream cut at `maxBytes`), written under a lock so that
 * replies never interleave.
 */
import type { CaptureResult, Engine, PipeHandle } from "../docker/engine.ts";
import { shellQuote } from "../util/shell.ts";

// Each request runs in a grandchild (the subshell exits at once), so the helper never keeps
// finished jobs around; the host's init reaps them. Process starts are what a request costs here
// (each ~1.5 ms of CPU), so stdout is kept in a variable and stderr touches a file only when there
// is some: a request starts `timeout`, `sh`, `flock` and `rm`, and more only for stderr or output
// over the bound. `${#out}` counts bytes: dash knows nothing of multibyte characters. A shell
// variable cannot hold a NUL byte, so stdout loses any (nothing the server runs prints one).
const AGENT_SCRIPT = `
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
serve() {
  id=$1 max=$3 e="$dir/$1.e"
  out=$(timeout -k 1 "$2" sh -c "$(printf '%b' "$4")" </dev/null 2>"$e"; s=$?; printf .; exit $s)
  s=$?
  out=\${out%.}
  on=\${#out} en=0
  if [ -s "$e" ]; then en=$(wc -c <"$e"); [ "$en" -le "$max" ] || en=$max; fi
  {
    flock 9
    if [ "$on" -le "$max" ]; then
      printf '%s %s %s %s\\n%s' "$id" "$s" "$on" "$en" "$out"
    else
      printf '%s %s %s %s\\n' "$id" "$s" "$max" "$en"
      printf '%s' "$out" | head -c "$max"
    fi
    [ "$en" -eq 0 ] || head -c "$en" "$e"
  } 9>>"$dir/lock"
  rm -f "$e"
}
while read -r id secs max script; do
  ( serve "$id" "$secs" "$max" "$script" & )
done
`;

/** The helper's name in the host's process list (its `$0`), so a learner sees what it is. */
export const AGENT_NAME = "switchyard-helper";

/** Output kept per stream when a request does not say. */
const DEFAULT_MAX_BYTES = 256 * 1024;
/** A reply header is a few numbers; anything longer is not one. */
const MAX_HEADER_BYTES = 128;

/** Why a helper could not serve a request. */
export type AgentFailure = "closed" | "start" | "ended" | "protocol";

/** The helper could not serve a request; the caller can still run it another way. */
export class AgentUnavailable extends Error {
  /** What went wrong: closed by the server, failed to start, ended, or answered nonsense. */
  readonly reason: AgentFailure;

  constructor(reason: AgentFailure, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

interface Pending {
  maxBytes: number;
  resolve: (result: CaptureResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface Reply {
  id: number;
  status: number;
  stdoutBytes: number;
  stderrBytes: number;
}

/** The helper of one sandbox host: started on first use, started again after it ends. */
export class HostAgent {
  readonly #engine: Pick<Engine, "execPipe">;
  readonly #containerId: string;
  #pipe: Promise<PipeHandle> | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #header = "";
  #reply: Reply | undefined;
  #body: Buffer[] = [];
  #bodyBytes = 0;
  #closed = false;
  /** The largest output bound any request has asked for. */
  #largestMax = DEFAULT_MAX_BYTES;
  /** Whether the helper now running has sent a reply. */
  #replied = false;
  /** Counts the helper's failures, so that a request can tell its helper failed while it waited. */
  #generation = 0;

  constructor(engine: Pick<Engine, "execPipe">, containerId: string) {
    this.#engine = engine;
    this.#containerId = containerId;
  }

  /**
   * Runs `cmd` on the host. Resolves as `Engine.execCapture` would (a command that runs over
   * `timeoutMs` resolves as timed out); rejects with AgentUnavailable if the helper cannot serve it.
   */
  async run(cmd: readonly string[], options: { timeoutMs: number; maxBytes?: number }): Promise<CaptureResult> {
    if (this.#closed) throw new AgentUnavailable("closed", "the helper is closed");
    const generation = this.#generation;
    const pipe = await this.#start();
    // The helper failed while this request waited for it to start: its pipe takes nothing now.
    if (generation !== this.#generation) throw new AgentUnavailable("ended", "the helper ended");
    const id = this.#nextId++;
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.#largestMax = Math.max(this.#largestMax, maxBytes);
    // The helper's own bound is a backstop a little beyond ours, so a hung command never piles up.
    const seconds = Math.ceil(options.timeoutMs / 1000) + 1;
    const script = encodeScript(cmd);
    return new Promise<CaptureResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve({ exitCode: null, stdout: "", stderr: "", timedOut: true });
      }, options.timeoutMs);
      this.#pending.set(id, { maxBytes, resolve, reject, timer });
      pipe.write(`${id} ${seconds} ${maxBytes} ${script}\n`);
    });
  }

  /** Ends the helper; requests still waiting fail with AgentUnavailable. */
  close(): void {
    this.#closed = true;
    this.#fail("closed", "the helper is closed");
  }

  #start(): Promise<PipeHandle> {
    if (!this.#pipe) {
      const started = this.#engine.execPipe(
        this.#containerId,
        ["sh", "-c", AGENT_SCRIPT, AGENT_NAME],
        (chunk) => this.#receive(chunk),
        // A helper that ends before its first reply could not run at all (say, the host's /tmp is
        // full): say so, so that the caller stops starting it for a while.
        () => this.#fail(this.#replied ? "ended" : "start", "the helper ended"),
      );
      this.#pipe = started;
      started.then(
        (pipe) => {
          if (this.#closed || this.#pipe !== started) pipe.stop();
        },
        () => {
          if (this.#pipe === started) this.#pipe = undefined;
        },
      );
    }
    return this.#pipe.catch((err: unknown) => {
      throw new AgentUnavailable("start", "the helper could not start", { cause: err });
    });
  }

  /** Parses replies as their bytes arrive; output that breaks the protocol ends the helper. */
  #receive(chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0) {
      if (!this.#reply) {
        const newline = rest.indexOf(10);
        const part = rest.subarray(0, newline < 0 ? rest.length : newline).toString("latin1");
        this.#header += part;
        if (this.#header.length > MAX_HEADER_BYTES) {
          this.#fail("protocol", "the helper's reply was not understood");
          return;
        }
        if (newline < 0) return;
        rest = rest.subarray(newline + 1);
        const reply = parseHeader(this.#header);
        this.#header = "";
        // A reply to a request that timed out is still read through, within the largest bound asked.
        const limit = reply ? (this.#pending.get(reply.id)?.maxBytes ?? this.#largestMax) : 0;
        if (!reply || reply.stdoutBytes > limit || reply.stderrBytes > limit) {
          this.#fail("protocol", "the helper's reply was not understood");
          return;
        }
        this.#reply = reply;
        this.#body = [];
        this.#bodyBytes = 0;
      }
      const reply = this.#reply;
      const need = reply.stdoutBytes + reply.stderrBytes - this.#bodyBytes;
      const take = rest.subarray(0, need);
      this.#body.push(take);
      this.#bodyBytes += take.length;
      rest = rest.subarray(take.length);
      if (this.#bodyBytes === reply.stdoutBytes + reply.stderrBytes) {
        this.#reply = undefined;
        this.#settle(reply, Buffer.concat(this.#body));
        this.#body = [];
      }
    }
  }

  #settle(reply: Reply, body: Buffer): void {
    this.#replied = true;
    const pending = this.#pending.get(reply.id);
    // A reply to a request that already timed out has no one waiting.
    if (!pending) return;
    this.#pending.delete(reply.id);
    clearTimeout(pending.timer);
    pending.resolve({
      exitCode: reply.status,
      stdout: body.subarray(0, reply.stdoutBytes).toString("utf8"),
      stderr: body.subarray(reply.stdoutBytes).toString("utf8"),
      timedOut: false,
    });
  }

  #fail(reason: AgentFailure, why: string): void {
    const pipe = this.#pipe;
    this.#pipe = undefined;
    this.#generation++;
    this.#replied = false;
    this.#header = "";
    this.#reply = undefined;
    this.#body = [];
    this.#bodyBytes = 0;
    void pipe?.then((p) => p.stop()).catch(() => undefined);
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(new AgentUnavailable(reason, why));
    }
  }
}

/** The request's script on one line; `sh -c X` is sent as X, which saves a shell. */
export function encodeScript(cmd: readonly string[]): string {
  const script = cmd.length === 3 && cmd[0] === "sh" && cmd[1] === "-c" ? (cmd[2] as string) : cmd.map(shellQuote).join(" ");
  return script.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function parseHeader(line: string): Reply | undefined {
  const match = /^(\d{1,9}) (\d{1,3}) (\d{1,9}) (\d{1,9})$/.exec(line);
  if (!match) return undefined;
  return { id: Number(match[1]), status: Number(match[2]), stdoutBytes: Number(match[3]), stderrBytes: Number(match[4]) };
}
