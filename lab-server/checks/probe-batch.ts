/**
 * Runs the commands that one evaluation's checks ask of a sandbox host together, in one exec: the
 * checks of a lesson start their probes at the same moment, and one exec with every probe in
 * parallel costs one round of engine calls instead of one per probe.
 */
import type { CaptureResult, HostExec } from "../docker/engine.ts";
import { shellQuote } from "../util/shell.ts";

/** Output kept per command, per stream. */
const MAX_OUTPUT_BYTES = 64 * 1024;
/** Exit status of `timeout` when it stopped a command. */
const TIMED_OUT = 124;

interface Pending {
  cmd: string[];
  resolve: (result: CaptureResult) => void;
  reject: (error: unknown) => void;
}

/**
 * The script that runs `commands` in parallel, each bounded by `seconds`, and reports them all at
 * once: a line of exit statuses, then each command's stdout and stderr sizes as `stat` gives them,
 * then all of those outputs, cut at MAX_OUTPUT_BYTES each, concatenated and base64-encoded.
 * Process starts are what a batch costs, so the report takes three (`stat`, `cat`, `base64`)
 * however many commands there are, and a command that bounds itself (`timeout ...`, as every
 * probe inside a container does) is not wrapped in a second `timeout`.
 */
export function batchScript(commands: readonly string[][], seconds: number): string {
  const lines = ["d=$(mktemp -d) || exit 1", `trap 'rm -rf "$d"' EXIT`];
  const files: string[] = [];
  commands.forEach((cmd, i) => {
    const argv = cmd.map(shellQuote).join(" ");
    const bounded = cmd[0] === "timeout" ? argv : `timeout ${seconds} ${argv}`;
    lines.push(`{ ${bounded} </dev/null >"$d/o${i}" 2>"$d/e${i}"; echo $? >"$d/r${i}"; } &`);
    files.push(`"$d/o${i}"`, `"$d/e${i}"`);
  });
  lines.push(
    "wait",
    // `read` is a shell builtin: statuses cost no process. A status file that is missing reads as empty.
    `for i in ${commands.map((_, i) => i).join(" ")}; do s=; read -r s <"$d/r$i" 2>/dev/null; printf '%s ' "\${s:--}"; done; echo`,
    // One `stat` for every size; an output over the bound is cut in place (a process only then).
    `set -- $(stat -c %s ${files.join(" ")})`,
    `for f in ${files.join(" ")}; do n=$1; shift; if [ "$n" -gt ${MAX_OUTPUT_BYTES} ]; then truncate -s ${MAX_OUTPUT_BYTES} "$f"; n=${MAX_OUTPUT_BYTES}; fi; printf '%s ' "$n"; done; echo`,
    `cat ${files.join(" ")} | base64 -w0`,
  );
  return lines.join("\n");
}

/** Parses the batch script's report into one result per command; what it lacks counts as timed out. */
export function parseBatch(stdout: string, count: number): CaptureResult[] {
  const results: CaptureResult[] = Array.from({ length: count }, () => ({ exitCode: null, stdout: "", stderr: "", timedOut: true }));
  const [statusLine = "", sizeLine = "", encoded = ""] = stdout.split("\n");
  const statuses = statusLine.trim().split(" ");
  const sizes = sizeLine.trim().split(" ").map(Number);
  const bytes = Buffer.from(encoded.trim(), "base64");
  // The sizes must account for every byte, or no output can be told from the next: a report cut
  // short says nothing of any command.
  if (sizes.length !== count * 2 || !sizes.every((n) => Number.isSafeInteger(n) && n >= 0)) return results;
  if (sizes.reduce((a, b) => a + b, 0) !== bytes.length) return results;
  let at = 0;
  const take = (n: number) => {
    const part = bytes.subarray(at, at + n).toString("utf8");
    at += n;
    return part;
  };
  for (let i = 0; i < count; i++) {
    const stdoutText = take(sizes[2 * i] as number);
    const stderrText = take(sizes[2 * i + 1] as number);
    const code = Number(statuses[i]);
    if (statuses[i] === undefined || statuses[i] === "" || !Number.isInteger(code)) continue;
    results[i] = { exitCode: code, stdout: stdoutText, stderr: stderrText, timedOut: code === TIMED_OUT };
  }
  return results;
}

/** Collects commands for one host during one turn of the event loop, then runs them in one exec. */
export class ProbeBatch {
  readonly #engine: HostExec;
  readonly #containerId: string;
  readonly #timeoutMs: number;
  #pending: Pending[] = [];

  constructor(engine: HostExec, containerId: string, timeoutMs: number) {
    this.#engine = engine;
    this.#containerId = containerId;
    this.#timeoutMs = timeoutMs;
  }

  /** Runs `cmd` on the host with the others asked for in this turn; resolves with its own result. */
  run(cmd: string[]): Promise<CaptureResult> {
    return new Promise((resolve, reject) => {
      if (this.#pending.length === 0) setImmediate(() => void this.#flush());
      this.#pending.push({ cmd, resolve, reject });
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    const options = { timeoutMs: this.#timeoutMs, maxBytes: MAX_OUTPUT_BYTES };
    try {
      if (batch.length === 1) {
        const only = batch[0] as Pending;
        only.resolve(await this.#engine.execCapture(this.#containerId, only.cmd, options));
        return;
      }
      // Each command has its own bound inside; the exec's is a backstop a little beyond it.
      const seconds = Math.max(1, this.#timeoutMs / 1000 - 0.5);
      const script = batchScript(
        batch.map((p) => p.cmd),
        seconds,
      );
      const result = await this.#engine.execCapture(this.#containerId, ["sh", "-c", script], {
        timeoutMs: this.#timeoutMs + 1000,
        maxBytes: batch.length * MAX_OUTPUT_BYTES * 3,
      });
      const results = parseBatch(result.stdout, batch.length);
      for (const [i, p] of batch.entries()) p.resolve(results[i] as CaptureResult);
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}
