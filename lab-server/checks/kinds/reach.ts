import type { z } from "zod";
import type { CheckResult, reachCheck } from "../../../common/schemas/checks.ts";
import { type CheckContext, ISOLATED_REACH_DEADLINE_S, REACH_DEADLINE_S } from "../context.ts";
import { type ContainerState, findContainer, findNetwork, type HostSnapshot } from "../snapshot.ts";

/** `from` can (or cannot) reach `to` by name or IP over ICMP, TCP or UDP. */
export async function checkReach(check: z.infer<typeof reachCheck>, ctx: CheckContext): Promise<CheckResult> {
  const subject = `reach:${check.from}:${check.to}`;
  const snap = await ctx.snapshot(check.host);
  const from = findContainer(snap, check.from);
  if (!from) return { ok: false, subject, message: `There is no container called \`${check.from}\` yet.` };
  if (!from.State.Running) return { ok: false, subject, message: `\`${check.from}\` is not running, so it cannot reach anything.` };
  let target = check.to;
  if (check.by === "ip") {
    const ip = addressOf(snap, check.to, check.network);
    if (!ip) {
      const where = check.network ? ` on \`${check.network}\`` : "";
      return { ok: false, subject, message: `\`${check.to}\` has no IP address${where} to reach.` };
    }
    target = ip;
  }
  const how = check.protocol === "icmp" ? "ping" : `${check.protocol.toUpperCase()} port ${check.port}`;
  const deadline = check.expect === "unreachable" && isolated(snap, from, check.to, target) ? ISOLATED_REACH_DEADLINE_S : REACH_DEADLINE_S;
  const reached = await probe(ctx, check, from, target, deadline);
  const by = check.by === "ip" ? `by its IP ${target}` : "by name";
  const wanted = check.expect === "reachable";
  if (reached === wanted) {
    return {
      ok: true,
      subject,
      message: `\`${check.from}\` ${reached ? "reaches" : "cannot reach"} \`${check.to}\` ${by} (${how}), as asked.`,
    };
  }
  return wanted
    ? { ok: false, subject, message: `\`${check.from}\` cannot reach \`${check.to}\` ${by} (${how} gets no answer).` }
    : { ok: false, subject, message: `\`${check.from}\` can still reach \`${check.to}\` ${by} (${how} answers); it should not.` };
}

async function probe(
  ctx: CheckContext,
  check: z.infer<typeof reachCheck>,
  from: ContainerState,
  target: string,
  deadline: number,
): Promise<boolean> {
  if (check.protocol === "icmp") {
    return (await ctx.inContainer(check.host, from, ["ping", "-c", "1", "-W", "1", target], deadline)).exitCode === 0;
  }
  if (check.protocol === "tcp") {
    return (await ctx.inContainer(check.host, from, ["nc", "-w", "1", target, String(check.port)], deadline)).exitCode === 0;
  }
  // UDP has no handshake: it counts as reachable when a datagram gets an answer. The probe runs
  // in the container's network namespace with the host's netcat, which speaks UDP.
  const ip = isAddress(target) ? target : await resolveIn(ctx, check.host, from, target);
  if (!ip) return false;
  const script = `printf 'switchyard-probe\\n' | nsenter -t ${from.State.Pid} -n nc -u -w 1 ${ip} ${check.port}`;
  const result = await ctx.onHost(check.host, ["sh", "-c", script]);
  return result.stdout.length > 0;
}

/**
 * True when `from` and the target (a container by name, or the container holding address `ip`)
 * are both known, neither shares the host's network, and they have no network in common.
 */
export function isolated(snap: HostSnapshot, from: ContainerState, ref: string, ip: string): boolean {
  const to =
    findContainer(snap, ref) ??
    snap.containers.find((c) =>
      Object.values(c.NetworkSettings.Networks ?? {}).some((e) => e.IPAddress === ip || e.GlobalIPv6Address === ip),
    );
  if (!to) return false;
  if ([from, to].some((c) => c.HostConfig.NetworkMode === "host")) return false;
  const networksOf = (c: ContainerState) => new Set(Object.values(c.NetworkSettings.Networks ?? {}).map((e) => e.NetworkID));
  const mine = networksOf(from);
  return ![...networksOf(to)].some((id) => mine.has(id));
}

/** A container's address on `network` (or its first), or `ref` itself when it is an address. */
export function addressOf(snap: HostSnapshot, ref: string, network: string | undefined): string | undefined {
  if (isAddress(ref)) return ref;
  const c = findContainer(snap, ref);
  if (!c) return undefined;
  const endpoints = Object.entries(c.NetworkSettings.Networks ?? {});
  if (network) {
    const net = findNetwork(snap, network);
    const ep = endpoints.find(([name, e]) => name === net?.Name || e.NetworkID === net?.Id)?.[1];
    return ep?.IPAddress || undefined;
  }
  return endpoints.map(([, e]) => e.IPAddress).find(Boolean);
}

/** Resolves a name inside a container with its own resolver; the first address or undefined. */
export async function resolveIn(
  ctx: CheckContext,
  host: string | undefined,
  container: ContainerState,
  name: string,
): Promise<string | undefined> {
  return (await lookup(ctx, host, container, name))[0];
}

/** True for an IPv4 or IPv6 literal (container names never contain ':' nor are all digits and dots). */
export function isAddress(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || (text.includes(":") && /^[0-9a-f:.]+$/i.test(text));
}

/**
 * Every address `name` resolves to inside `container`, as its own resolver sees it: entries in its
 * /etc/hosts (where `--link` and `--add-host` put names) first, then DNS.
 */
export async function lookup(ctx: CheckContext, host: string | undefined, container: ContainerState, name: string): Promise<string[]> {
  const [hosts, dns] = await Promise.all([
    ctx.inContainer(host, container, ["cat", "/etc/hosts"]),
    ctx.inContainer(host, container, ["nslookup", name]),
  ]);
  const fromHosts = hosts.stdout
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim().split(/\s+/))
    .filter((fields) => fields.length > 1 && fields.slice(1).includes(name))
    .map((fields) => fields[0] as string);
  const text = dns.stdout;
  const start = text.search(/^Name:/m);
  const fromDns =
    start < 0 ? [] : [...text.slice(start).matchAll(/^Address(?:\s+\d+)?:\s*([0-9a-fA-F:.]+)\s*$/gm)].map((m) => m[1] as string);
  return [...new Set([...fromHosts, ...fromDns])];
}
