import type { z } from "zod";
import type { CheckResult, publishedCheck } from "../../../common/schemas/checks.ts";
import type { CheckContext } from "../context.ts";
import { findContainer } from "../snapshot.ts";

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
  if (check.reachable && check.protocol === "tcp") {
    const address = ALL.has(binding.HostIp) ? (binding.HostIp === "::" ? "::1" : "127.0.0.1") : binding.HostIp;
    // Docker's port proxy accepts connections even when nothing listens behind it, so the
    // container's own sockets are read too, in its network namespace (whatever networks it is on).
    const listening = c.State.Running && (await listensOn(ctx, check.host, c.State.Pid, check.containerPort, check.protocol));
    if (!listening || !(await answers(ctx, check.host, address, binding.HostPort))) {
      return {
        ok: false,
        subject,
        message: `${key} of \`${check.container}\` is published on ${address}:${binding.HostPort}, but nothing answers there. Is the server inside the container running?`,
      };
    }
    if (check.notOn === "eth0" && snap.eth0 && (await answers(ctx, check.host, snap.eth0, binding.HostPort))) {
      return {
        ok: false,
        subject,
        message: `Port ${binding.HostPort} also answers on the host's eth0 address ${snap.eth0}; the exercise asks for it to be reachable only on ${binding.HostIp}.`,
      };
    }
  }
  return {
    ok: true,
    subject,
    message: `${key} of \`${check.container}\` is published on ${binding.HostIp || "0.0.0.0"}:${binding.HostPort}.`,
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

async function answers(ctx: CheckContext, host: string | undefined, address: string, port: string): Promise<boolean> {
  return (await ctx.onHost(host, ["nc", "-z", "-w", "1", address, port])).exitCode === 0;
}
