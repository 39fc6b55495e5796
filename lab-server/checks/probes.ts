/**
 * Probes from inside a container's network namespace, each with a three-way answer: it got an
 * answer, it ran to its own end without one, or nothing can be said (it was stopped before its
 * own wait was over, or could not run). A check may conclude "cannot reach" only from the second;
 * the third is never read as "no answer", so a sandbox too busy to run a probe in time never
 * turns an open path into a closed one.
 */
import type { CaptureResult } from "../docker/engine.ts";
import type { ContainerState } from "../inspect/snapshot.ts";
import { shellQuote } from "../util/shell.ts";
import { type CheckContext, PROBE_WAIT_S } from "./context.ts";

/** What one probe found. */
export type Outcome = "answered" | "silent" | "unknown";

/** A probe's outcome, and what it saw, in a learner's words. */
export interface ProbeResult {
  outcome: Outcome;
  /** e.g. "ping gets no reply", "TCP port 80 answers". */
  detail: string;
}

/**
 * The wait before a request is sent to a TCP server: a server that speaks first (`nc -e echo
 * pong`) has answered by then, and closes before a request could reach it (data sent to a closed
 * socket makes it reset the connection, which can discard its answer); an HTTP server waits for
 * the request.
 */
const SPEAK_FIRST_WAIT_S = 0.2;

/** A request any HTTP server answers; other servers ignore it or echo it. */
function httpRequest(host: string): string {
  const name = host.includes(":") ? `[${host}]` : host;
  return `GET / HTTP/1.0\\r\\nHost: ${name}\\r\\nUser-Agent: switchyard-check\\r\\n\\r\\n`;
}

/** True when the result says nothing: stopped by its time limit, never ran, or nsenter could not enter. */
function inconclusive(r: CaptureResult): boolean {
  return r.timedOut || r.exitCode === null || r.exitCode > 2 || /nsenter:|not found/.test(r.stderr);
}

/** ICMP echo: one ping, waiting PROBE_WAIT_S from when it is sent. */
export async function pingProbe(ctx: CheckContext, host: string | undefined, from: ContainerState, ip: string): Promise<ProbeResult> {
  const r = await ctx.inNetns(host, from, `exec ping -n -c 1 -W ${PROBE_WAIT_S} ${shellQuote(ip)}`);
  if (inconclusive(r)) return { outcome: "unknown", detail: "ping could not finish in time" };
  if (r.exitCode === 0) return { outcome: "answered", detail: "ping gets a reply" };
  // 1: no reply within its wait; 2: no route at all (a container without networks).
  return { outcome: "silent", detail: r.exitCode === 2 ? "ping finds no route" : "ping gets no reply" };
}

/**
 * A TCP handshake, from container `from` or (without one) from the host itself: `answered` when
 * the connection is made, or, with `refusedAnswers`, also when the target resets it (the packets
 * got there and back: the path is open, nothing listens).
 */
export async function connectProbe(
  ctx: CheckContext,
  host: string | undefined,
  from: ContainerState | undefined,
  ip: string,
  port: number,
  refusedAnswers: boolean,
): Promise<ProbeResult> {
  const script = `exec nc -z -v -n -w ${PROBE_WAIT_S} ${shellQuote(ip)} ${port}`;
  const r = from ? await ctx.inNetns(host, from, script) : await ctx.onHost(host, ["sh", "-c", script]);
  const what = `TCP port ${port}`;
  if (inconclusive(r)) return { outcome: "unknown", detail: `${what} could not be tried in time` };
  if (r.exitCode === 0) return { outcome: "answered", detail: `${what} accepts a connection` };
  if (/refused/i.test(r.stderr)) {
    return refusedAnswers
      ? { outcome: "answered", detail: `${what} answers with a refusal (nothing listens there, but the path is open)` }
      : { outcome: "silent", detail: `${what} refuses the connection` };
  }
  if (/timed out/i.test(r.stderr)) return { outcome: "silent", detail: `${what} gets no answer` };
  if (/unreachable|no route/i.test(r.stderr)) return { outcome: "silent", detail: `${what} has no route` };
  return { outcome: "unknown", detail: `${what} could not be tried (${r.stderr.trim() || `exit ${r.exitCode}`})` };
}

/**
 * An application-level answer. Over TCP: connects, waits a moment for a server that speaks first,
 * sends an HTTP request, and reads what comes back until the server closes or is quiet for
 * PROBE_WAIT_S. Over UDP: sends one datagram and waits for one back. `answered` when any reply
 * arrives (containing `expected`, when given).
 */
export async function replyProbe(
  ctx: CheckContext,
  host: string | undefined,
  from: ContainerState | undefined,
  target: { ip: string; port: number; protocol: "tcp" | "udp" },
  expected: string | undefined,
): Promise<ProbeResult & { reply: string }> {
  const { ip, port, protocol } = target;
  const script =
    protocol === "tcp"
      ? `{ sleep ${SPEAK_FIRST_WAIT_S}; printf '${httpRequest(ip)}'; } | nc -n -N -w ${PROBE_WAIT_S} ${shellQuote(ip)} ${port}`
      : `printf 'switchyard-probe\\n' | nc -u -n -w ${PROBE_WAIT_S} ${shellQuote(ip)} ${port}`;
  const r = from ? await ctx.inNetns(host, from, script) : await ctx.onHost(host, ["sh", "-c", script]);
  return judgeReply(r, `${protocol.toUpperCase()} port ${port}`, expected);
}

function judgeReply(r: CaptureResult, what: string, expected: string | undefined): ProbeResult & { reply: string } {
  const reply = r.stdout;
  if (reply.length > 0) {
    if (expected === undefined || reply.includes(expected)) return { outcome: "answered", detail: `${what} answers`, reply };
    return { outcome: "silent", detail: `${what} answers ${quoteReply(reply)}, not \`${expected}\``, reply };
  }
  if (r.timedOut || r.exitCode === null || /nsenter:/.test(r.stderr)) {
    return { outcome: "unknown", detail: `${what} could not be tried in time`, reply };
  }
  return { outcome: "silent", detail: `${what} sends nothing back within ${PROBE_WAIT_S} s`, reply };
}

/** The first line of a reply, short, for a message. */
function quoteReply(reply: string): string {
  const line = (reply.split(/\r?\n/)[0] ?? "").slice(0, 60);
  return `\`${line}\``;
}

/** TCP ports a container listens on beyond its loopback, read from its network namespace. */
export async function listeningTcpPorts(ctx: CheckContext, host: string | undefined, c: ContainerState): Promise<number[] | undefined> {
  const r = await ctx.inNetns(host, c, "exec ss -Hltn");
  if (r.exitCode !== 0) return undefined;
  const ports = new Set<number>();
  for (const line of r.stdout.split("\n")) {
    const local = line.trim().split(/\s+/)[3];
    const m = local ? /^(.*):(\d+)$/.exec(local) : null;
    if (!m) continue;
    const addr = (m[1] as string).replace(/^\[|\]$/g, "").replace(/%.*$/, "");
    if (addr.startsWith("127.") || addr === "::1") continue;
    ports.add(Number(m[2]));
  }
  return [...ports].sort((a, b) => a - b);
}
