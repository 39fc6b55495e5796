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

/** The script that runs `commands` in parallel, each bounded by `seconds`, and reports each as `index status stdout stderr` (base64). */
export function batchScript(commands: readonly string[][], seconds: number): string {
  const lines = ["d=$(mktemp -d) || exit 1", `trap 'rm -rf "$d"' EXIT`];
  commands.forEach((cmd, i) => {
    const argv = cmd.map(shellQuote).join(" ");
    lines.push(`{ timeout ${seconds} ${argv} </dev/null >"$d/o${i}" 2>"$d/e${i}"; echo $? >"$d/r${i}"; } &`);
  });
  lines.push("wait");
  commands.forEach((_, i) => {
    const take = (f: string) => `"$(head -c ${MAX_OUTPUT_BYTES} "$d/${f}${i}" | base64 -w0)"`;
    lines.push(`printf '%s %s %s %s\\n' ${i} "$(cat "$d/r${i}")" ${take("o")} ${take("e")}`);
  });
  return lines.join("\n");
}

/** Parses the batch script's report into one result per command. */
export function parseBatch(stdout: string, count: number): CaptureResult[] {
  const results: CaptureResult[] = Array.from({ length: count }, () => ({ exitCode: null, stdout: "", stderr: "", timedOut: true }));
  for (const line of stdout.split("\n")) {
    const [index, status, out = "", err = ""] = line.split(" ");
    const i = Number(index);
    if (!Number.isInteger(i) || i < 0 || i >= count || status === undefined) continue;
    const code = Number(status);
    results[i] = {
      exitCode: Number.isInteger(code) ? code : null,
      stdout: Buffer.from(out, "base64").toString("utf8"),
      stderr: Buffer.from(err, "base64").toString("utf8"),
      timedOut: code === TIMED_OUT,
    };
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
