import type { z } from "zod";
import type { CheckResult, publishedCheck } from "../../../common/schemas/checks.ts";
import { findContainer } from "../../inspect/snapshot.ts";
import type { CheckContext } from "../context.ts";
import { connectProbe, replyProbe } from "../probes.ts";

const ALL = new Set(["", "0.0.0.0", "::"]);

/** A container port is published as asked, answers there, and not where it must not. */
export async function checkPublished(check: z.infer<typeof publishedCheck>, ctx: CheckContext): Promise<CheckResult> {
  const subject = `port:${check.container}:${check.containerPort}`;
  const snap = await ctx.snapshot(check.host);
  const c = findContainer(snap, check.container);
  if (!c) return { ok: false, subject, message: `There is no container called \`${check.container}\` yet.` };
  const key = `${check.containerPort}/${check.protocol}`;
  const bindings = c.NetworkSettings.Ports?.[key] ?? [];
  if (bindings.length === 0) return { ok: false, subject, message: `\`${check.container}\` does not publish port ${key}.` };
  let candidates = bindings;
  if (check.hostIp) {
    const wantAll = ALL.has(check.hostIp);
    candidates = candidates.filter((b) => (wantAll ? ALL.has(b.HostIp) : b.HostIp === check.hostIp));
    if (candidates.length === 0) {
      const where = [...new Set(bindings.map((b) => b.HostIp || "0.0.0.0"))].join(" and ");
      return {
        ok: false,
        subject,
        message: `${key} of \`${check.container}\` is published on ${where}; the exercise asks for ${check.hostIp} only.`,
      };
    }
  }
  if (check.hostPort !== undefined) {
    const [lo, hi] = typeof check.hostPort === "number" ? [check.hostPort, check.hostPort] : check.hostPort;
    candidates = candidates.filter((b) => Number(b.HostPort) >= lo && Number(b.HostPort) <= hi);
    if (candidates.length === 0) {
      const ports = [...new Set(bindings.map((b) => b.HostPort))].join(", ");
      const asked = lo === hi ? `port ${lo}` : `a port from ${lo} to ${hi}`;
      return {
        ok: false,
        subject,
        message: `${key} of \`${check.container}\` is published on host port ${ports}; the exercise asks for ${asked}.`,
      };
    }
  }
  const binding = candidates[0] as { HostIp: string; HostPort: string };
  const probeUdp = check.protocol === "udp" && check.reply !== undefined;
  if (check.reachable && (check.protocol === "tcp" || probeUdp)) {
    const address = ALL.has(binding.HostIp) ? (binding.HostIp === "::" ? "::1" : "127.0.0.1") : binding.HostIp;
    const port = Number(binding.HostPort);
    const where = `${key} of \`${check.container}\` is published on ${address}:${binding.HostPort}`;
    if (!c.State.Running) return { ok: false, subject, message: `${where}, but the container is not running.` };
    if (c.State.Paused) {
      return { ok: false, subject, message: `${where}, but the container is paused, so nothing in it can answer (\`docker unpause\`).` };
    }
    // Docker's port proxy accepts connections even when nothing listens behind it, and a frozen
    // server's kernel still completes handshakes: only a reply from the server counts.
    const listening = await listensOn(ctx, check.host, c.State.Pid, check.containerPort, check.protocol);
    const probe = listening
      ? await replyProbe(ctx, check.host, undefined, { ip: address, port, protocol: check.protocol }, check.reply)
      : undefined;
    if (probe?.outcome !== "answered") {
      const why = probe ? probe.detail : `nothing in the container listens on ${key}`;
      return {
        ok: false,
        subject,
        message: `${where}, but nothing answers there (${why}). Is the server inside the container running?`,
      };
    }
    if (check.notOn === "eth0" && snap.eth0) {
      const other = await connectProbe(ctx, check.host, undefined, snap.eth0, port, false);
      if (other.outcome !== "silent") {
        return {
          ok: false,
          subject,
          message:
            other.outcome === "answered"
              ? `Port ${binding.HostPort} also answers on the host's eth0 address ${snap.eth0}; the exercise asks for it to be reachable only on ${binding.HostIp}.`
              : `Whether port ${binding.HostPort} also answers on the host's eth0 address ${snap.eth0} could not be told this time; it will be checked again.`,
        };
      }
    }
  }
  return {
    ok: true,
    subject,
    message: `${key} of \`${check.container}\` is published on ${binding.HostIp || "0.0.0.0"}:${binding.HostPort}${check.reachable && check.protocol === "tcp" ? " and answers there" : ""}.`,
  };
}

async function listensOn(
  ctx: CheckContext,
  host: string | undefined,
  pid: number,
  port: number,
  protocol: "tcp" | "udp",
): Promise<boolean> {
  const flags = protocol === "tcp" ? "-Hltn" : "-Hlun";
  const result = await ctx.onHost(host, ["nsenter", "-t", String(pid), "-n", "ss", flags]);
  return result.stdout.split("\n").some((line) => new RegExp(`:${port}\\s`).test(line));
}
