import type { z } from "zod";
import type { CheckResult, reachCheck } from "../../../common/schemas/checks.ts";
import { type ContainerState, containerName, findContainer, findNetwork, type HostSnapshot } from "../../inspect/snapshot.ts";
import { shellQuote } from "../../util/shell.ts";
import { type CheckContext, PROBE_WAIT_S } from "../context.ts";
import { connectProbe, listeningTcpPorts, type ProbeResult, pingProbe, replyProbe } from "../probes.ts";

/** TCP ports of the target tried by a "cannot reach" check, at most. */
const MAX_PORTS = 8;

/** `from` can (or cannot) reach `to` by name or IP over ICMP, TCP or UDP. */
export async function checkReach(check: z.infer<typeof reachCheck>, ctx: CheckContext): Promise<CheckResult> {
  const subject = `reach:${check.from}:${check.to}`;
  const snap = await ctx.snapshot(check.host);
  const from = findContainer(snap, check.from);
  if (!from) return { ok: false, subject, message: `There is no container called \`${check.from}\` yet.` };
  if (!from.State.Running) return { ok: false, subject, message: `\`${check.from}\` is not running, so it cannot reach anything.` };
  const wanted = check.expect === "reachable";
  let target: string;
  if (check.by === "ip") {
    const ip = addressOf(snap, check.to, check.network);
    if (!ip) {
      const where = check.network ? ` on \`${check.network}\`` : "";
      return { ok: false, subject, message: `\`${check.to}\` has no IP address${where} to reach.` };
    }
    target = ip;
  } else if (isAddress(check.to)) {
    target = check.to;
  } else {
    // By name: the name is resolved as a program in `from` would, with its own resolver.
    const found = await lookupTwice(ctx, check.host, from, check.to);
    if (found.unknown) return undecided(subject, check, `the lookup of \`${check.to}\` in \`${check.from}\` did not finish in time`);
    const ip = found.addresses.find((a) => !a.includes(":")) ?? found.addresses[0];
    if (!ip) {
      return wanted
        ? { ok: false, subject, message: `\`${check.from}\` cannot reach \`${check.to}\` by name: the name does not resolve there.` }
        : {
            ok: true,
            subject,
            message: `\`${check.from}\` cannot reach \`${check.to}\` by name: the name does not resolve there, as asked.`,
          };
    }
    target = ip;
  }
  const by = check.by === "ip" || isAddress(check.to) ? `by its IP ${target}` : "by name";
  const how = check.protocol === "icmp" ? "ping" : `${check.protocol.toUpperCase()} port ${check.port}`;
  if (wanted) {
    const result = await askedProbe(ctx, check, from, target);
    if (result.outcome === "answered") {
      return { ok: true, subject, message: `\`${check.from}\` reaches \`${check.to}\` ${by} (${how} answers), as asked.` };
    }
    let detail = result.detail;
    if (check.protocol === "tcp" && result.outcome === "silent" && !/answers/.test(detail)) {
      // Say whether the connection itself is made: a server that accepts and never answers differs from no path.
      const handshake = await connectProbe(ctx, check.host, from, target, check.port as number, false);
      if (handshake.outcome === "answered") detail = `${detail}, although the connection is made`;
      else if (handshake.outcome === "silent") detail = handshake.detail;
    }
    return { ok: false, subject, message: `\`${check.from}\` cannot reach \`${check.to}\` ${by}: ${detail}.` };
  }
  // "Cannot reach": every protocol the task means gets no answer, on two looks.
  const to = targetContainer(snap, check.to, target);
  if (to && !to.State.Running) {
    return {
      ok: false,
      subject,
      message: `\`${containerName(to)}\` is not running, so not reaching it proves nothing; start it again.`,
    };
  }
  const ports = to && to.Id !== from.Id ? ((await listeningTcpPorts(ctx, check.host, to)) ?? []) : [];
  const looks: ProbeResult[][] = [];
  for (let look = 0; look < 2; look++) {
    const results = await isolationProbes(ctx, check, from, target, to !== undefined && to.Id !== from.Id, ports);
    looks.push(results);
    const open = results.find((r) => r.outcome === "answered");
    if (open) {
      return { ok: false, subject, message: `\`${check.from}\` can still reach \`${check.to}\` ${by} (${open.detail}); it should not.` };
    }
  }
  const unknown = looks.flat().find((r) => r.outcome === "unknown");
  if (unknown) return undecided(subject, check, unknown.detail);
  const tried = [...new Set((looks[0] ?? []).map((r) => r.detail))].join("; ");
  return { ok: true, subject, message: `\`${check.from}\` cannot reach \`${check.to}\` ${by} (${tried}; tried twice), as asked.` };
}

function undecided(subject: string, check: z.infer<typeof reachCheck>, why: string): CheckResult {
  return {
    ok: false,
    subject,
    message: `Whether \`${check.from}\` can reach \`${check.to}\` could not be told this time (${why}); it will be checked again.`,
  };
}

/** The probe the check names, for a `reachable` check: over TCP and UDP, a reply must come back. */
function askedProbe(ctx: CheckContext, check: z.infer<typeof reachCheck>, from: ContainerState, ip: string): Promise<ProbeResult> {
  if (check.protocol === "icmp") return pingProbe(ctx, check.host, from, ip);
  return replyProbe(ctx, check.host, from, { ip, port: check.port as number, protocol: check.protocol }, check.reply);
}

/**
 * The probes of a "cannot reach" check, run together: the asked protocol and port and, when the
 * target is another container, ICMP and TCP to every port it listens on (port 80 when none),
 * where a refusal also counts as reaching it: the packets got there and back.
 */
function isolationProbes(
  ctx: CheckContext,
  check: z.infer<typeof reachCheck>,
  from: ContainerState,
  ip: string,
  toContainer: boolean,
  ports: readonly number[],
): Promise<ProbeResult[]> {
  const probes: Promise<ProbeResult>[] = [];
  if (check.protocol === "icmp" || toContainer) probes.push(pingProbe(ctx, check.host, from, ip));
  const tcpPorts = new Set<number>();
  if (check.protocol === "tcp") tcpPorts.add(check.port as number);
  if (toContainer) for (const p of ports.length > 0 ? ports.slice(0, MAX_PORTS) : [80]) tcpPorts.add(p);
  for (const port of tcpPorts) probes.push(connectProbe(ctx, check.host, from, ip, port, toContainer));
  if (check.protocol === "udp")
    probes.push(replyProbe(ctx, check.host, from, { ip, port: check.port as number, protocol: "udp" }, undefined));
  return Promise.all(probes);
}

/** The container `ref` names, or the one holding address `ip`. */
function targetContainer(snap: HostSnapshot, ref: string, ip: string): ContainerState | undefined {
  return (
    findContainer(snap, ref) ??
    snap.containers.find((c) =>
      Object.values(c.NetworkSettings.Networks ?? {}).some((e) => e.IPAddress === ip || e.GlobalIPv6Address === ip),
    )
  );
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

/** True for an IPv4 or IPv6 literal (container names never contain ':' nor are all digits and dots). */
export function isAddress(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || (text.includes(":") && /^[0-9a-f:.]+$/i.test(text));
}

/** What a lookup found; `unknown` when it could not finish, so that no answer means nothing. */
export interface Lookup {
  addresses: string[];
  unknown: boolean;
}

/**
 * Every address `name` resolves to inside `container`, as its own resolver sees it: entries in its
 * /etc/hosts (where `--link` on the default bridge and `--add-host` put names) first, then DNS,
 * with the container's own resolv.conf.
 */
export async function lookup(ctx: CheckContext, host: string | undefined, container: ContainerState, name: string): Promise<Lookup> {
  const [hosts, dns] = await Promise.all([
    ctx.inContainer(host, container, ["cat", "/etc/hosts"]),
    ctx.inContainer(host, container, ["nslookup", name]),
  ]);
  const fromHosts = hosts.stdout
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim().split(/\s+/))
    .filter((fields) => fields.length > 1 && fields.slice(1).includes(name))
    .map((fields) => fields[0] as string);
  const fromDns = nslookupAddresses(dns.stdout);
  const addresses = [...new Set([...fromHosts, ...fromDns])];
  // A resolver stopped before it answered says nothing about the name.
  const unknown = addresses.length === 0 && (dns.timedOut || dns.exitCode === null || hosts.exitCode !== 0);
  return { addresses, unknown };
}

/** `lookup`, asked again once when the first could not finish. */
export async function lookupTwice(ctx: CheckContext, host: string | undefined, container: ContainerState, name: string): Promise<Lookup> {
  const first = await lookup(ctx, host, container, name);
  return first.unknown ? lookup(ctx, host, container, name) : first;
}

/** The addresses in nslookup's answer (busybox's or bind's), after its `Name:` line. */
export function nslookupAddresses(text: string): string[] {
  const start = text.search(/^Name:/m);
  if (start < 0) return [];
  return [...text.slice(start).matchAll(/^Address(?:\s+\d+)?:\s*([0-9a-fA-F:.]+)\s*$/gm)].map((m) => m[1] as string);
}

/**
 * Asks Docker's embedded DNS server (127.0.0.11) for `name`, from `container`'s network
 * namespace, the way the container's own queries reach it, but without its /etc/hosts. Docker
 * answers for the networks the container is on. No server there (the default bridge, `none`,
 * `host`) or no answer for the name are answers too; only a query that ran out of time is not.
 */
export async function askDockerDns(ctx: CheckContext, host: string | undefined, container: ContainerState, name: string): Promise<Lookup> {
  // The trailing dot keeps the sandbox host's own search domains out of the question.
  const fqdn = name.endsWith(".") ? name : `${name}.`;
  const r = await ctx.inNetns(host, container, `exec nslookup -timeout=${PROBE_WAIT_S} -retry=1 ${shellQuote(fqdn)} 127.0.0.11`);
  const addresses = nslookupAddresses(r.stdout);
  if (addresses.length > 0) return { addresses: [...new Set(addresses)], unknown: false };
  const text = `${r.stdout}\n${r.stderr}`;
  const definite = /can't find|NXDOMAIN|No answer|connection refused|SERVFAIL|REFUSED/i.test(text);
  return { addresses: [], unknown: !definite };
}
