/**
 * A snapshot of one sandbox host's engine state (networks, containers, swarm), read from its
 * engine's API in two quick rounds, so that a lesson's checks see one moment and cost little.
 */
import type { HttpReply } from "./http-replies.ts";
import type { SandboxReader } from "./reader.ts";

/** The parts of `docker network inspect` the checks read. */
export interface NetworkState {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal: boolean;
  Attachable: boolean;
  EnableIPv6: boolean;
  Options?: Record<string, string> | null;
  IPAM: { Config: { Subnet?: string; Gateway?: string; IPRange?: string }[] | null };
  Containers?: Record<string, { Name: string; IPv4Address: string; IPv6Address: string }> | null;
  Labels?: Record<string, string> | null;
}

/** The parts of `docker inspect <container>` the checks read. */
export interface ContainerState {
  Id: string;
  Name: string;
  Config: { Image: string; Hostname?: string; Labels?: Record<string, string> | null };
  State: { Running: boolean; Paused?: boolean; Status: string; Pid: number };
  HostConfig: { NetworkMode: string; RestartPolicy: { Name: string } };
  NetworkSettings: {
    Ports?: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
    Networks?: Record<
      string,
      {
        NetworkID: string;
        IPAddress: string;
        GlobalIPv6Address: string;
        MacAddress?: string;
        Aliases: string[] | null;
        DNSNames?: string[] | null;
        IPAMConfig?: { IPv4Address?: string; IPv6Address?: string } | null;
      }
    > | null;
  };
}

/** Swarm part of `docker info`. */
export interface SwarmState {
  LocalNodeState: string;
  ControlAvailable: boolean;
  Nodes: number;
  Managers: number;
  NodeAddr?: string;
}

/** One host's state at one moment. */
export interface HostSnapshot {
  networks: NetworkState[];
  containers: ContainerState[];
  swarm: SwarmState;
  /** The host's own address on the lab network (eth0). */
  eth0: string;
}

/** Bytes one round of the engine's replies may take. */
const MAX_REPLY_BYTES = 8 * 1024 * 1024;

/** The host a snapshot is of: its container, and its address on the lab network (its eth0). */
export interface SnapshotTarget {
  containerId: string;
  address: string;
}

/**
 * Takes a snapshot of the engine inside a sandbox host, in two rounds of API requests: networks,
 * the container list and a ping (whose `Swarm` header says whether the host is in a swarm), then
 * one inspect per container, and the swarm's details from `/info` only when there is a swarm:
 * `/info` makes the engine start `runc` and `docker-init` to learn their versions, every time.
 * Containers can vanish between the list and their inspect; those replies are 404s, skipped.
 */
export async function snapshotHost(api: SandboxReader, host: SnapshotTarget, timeoutMs: number): Promise<HostSnapshot> {
  const options = { timeoutMs, maxBytes: MAX_REPLY_BYTES };
  const [ping, networks, list] = await api.engineApi(host.containerId, ["/_ping", "/networks", "/containers/json?all=1"], options);
  const ids = containerIds(list);
  // An engine that sends no Swarm header (none of ours) is asked outright.
  const inSwarm = ping !== undefined && ping.headers.get("swarm") !== "inactive";
  const paths = ids.map((id) => `/containers/${id}/json`);
  if (inSwarm) paths.push("/info");
  const more = paths.length > 0 ? await api.engineApi(host.containerId, paths, options) : [];
  return readSnapshot({
    address: host.address,
    networks,
    containers: more.slice(0, ids.length),
    info: inSwarm ? more[ids.length] : undefined,
  });
}

/** The engine's replies a snapshot is read from; a reply that is missing (the engine is down) reads as empty. */
export interface SnapshotReplies {
  address: string;
  networks: HttpReply | undefined;
  containers: readonly HttpReply[];
  info: HttpReply | undefined;
}

/** Reads a snapshot from the engine's replies, keeping only what has the shape the checks read. */
export function readSnapshot(replies: SnapshotReplies): HostSnapshot {
  const snapshot: HostSnapshot = {
    networks: [],
    containers: [],
    swarm: { LocalNodeState: "inactive", ControlAvailable: false, Nodes: 0, Managers: 0 },
    eth0: replies.address,
  };
  const networks = bodyOf(replies.networks);
  if (Array.isArray(networks)) snapshot.networks = networks.filter(isObject) as unknown as NetworkState[];
  for (const reply of replies.containers) {
    const body = bodyOf(reply);
    if (isObject(body) && isObject(body["State"])) snapshot.containers.push(body as unknown as ContainerState);
  }
  const info = bodyOf(replies.info);
  if (isObject(info) && isObject(info["Swarm"])) snapshot.swarm = { ...snapshot.swarm, ...(info["Swarm"] as Partial<SwarmState>) };
  return snapshot;
}

/** The ids in a container list reply; anything not shaped like an id is left out, since it goes into a request path. */
function containerIds(reply: HttpReply | undefined): string[] {
  const list = bodyOf(reply);
  if (!Array.isArray(list)) return [];
  return list.flatMap((c) => (isObject(c) && typeof c["Id"] === "string" && /^[0-9a-f]{12,64}$/.test(c["Id"]) ? [c["Id"]] : []));
}

function bodyOf(reply: HttpReply | undefined): unknown {
  return reply?.status === 200 ? parseJson(reply.body) : undefined;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Finds a container by name, full or short id, as `docker` itself would. */
export function findContainer(snapshot: HostSnapshot, ref: string): ContainerState | undefined {
  return (
    snapshot.containers.find((c) => c.Name === `/${ref}`) ??
    (ref.length >= 4 ? snapshot.containers.find((c) => c.Id.startsWith(ref)) : undefined)
  );
}

/** Finds a network by name, full or short id. */
export function findNetwork(snapshot: HostSnapshot, ref: string): NetworkState | undefined {
  return (
    snapshot.networks.find((n) => n.Name === ref) ?? (ref.length >= 4 ? snapshot.networks.find((n) => n.Id.startsWith(ref)) : undefined)
  );
}

/** A container's name without the leading slash. */
export function containerName(c: ContainerState): string {
  return c.Name.replace(/^\//, "");
}
