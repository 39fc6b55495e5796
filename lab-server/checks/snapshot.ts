/**
 * A snapshot of one sandbox host's engine state (networks, containers, swarm), taken in a single
 * exec so that a lesson's checks see one consistent moment and cost one round trip.
 */
import type { HostExec } from "../docker/engine.ts";
import { parseHttpReplies } from "./http-replies.ts";

/** The parts of `docker network inspect` the checks read. */
export interface NetworkState {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal: boolean;
  Attachable: boolean;
  EnableIPv6: boolean;
  IPAM: { Config: { Subnet?: string; Gateway?: string; IPRange?: string }[] | null };
  Containers?: Record<string, { Name: string; IPv4Address: string; IPv6Address: string }> | null;
  Labels?: Record<string, string> | null;
}

/** The parts of `docker inspect <container>` the checks read. */
export interface ContainerState {
  Id: string;
  Name: string;
  Config: { Image: string; Labels?: Record<string, string> | null };
  State: { Running: boolean; Status: string; Pid: number };
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

// One shell round trip asks the sandbox engine's API directly, in plain HTTP through nc: requests
// pipelined on one connection per round, the last asking the engine to close it. Process starts are
// what this costs (nc starts in a fraction of curl's time, the docker CLI costs more than either):
// six in all, ~25 ms of CPU where parallel curls took ~80. The output is the host's eth0 line from
// `ip`, then the raw replies: networks, info, then one inspect per container. Containers can vanish
// between the list and their inspect; those replies are 404s, skipped.
const SNAPSHOT_SCRIPT = `
get() {
  while [ $# -gt 1 ]; do printf 'GET %s HTTP/1.1\\r\\nHost: docker\\r\\n\\r\\n' "$1"; shift; done
  printf 'GET %s HTTP/1.1\\r\\nHost: docker\\r\\nConnection: close\\r\\n\\r\\n' "$1"
}
api() { nc -U /var/run/docker.sock 2>/dev/null; }
ip -4 -o addr show dev eth0 2>/dev/null
get /networks /info | api
ids=$(get '/containers/json?all=1' | api | grep -o '"Id":"[0-9a-f]*"' | cut -d'"' -f4)
[ -z "$ids" ] || get $(for id in $ids; do printf '/containers/%s/json ' "$id"; done) | api
`;

/** Takes a snapshot of the engine inside sandbox host `containerId`. */
export async function snapshotHost(engine: HostExec, containerId: string, timeoutMs: number): Promise<HostSnapshot> {
  const result = await engine.execCapture(containerId, ["sh", "-c", SNAPSHOT_SCRIPT], { timeoutMs, maxBytes: 8 * 1024 * 1024 });
  if (result.timedOut) throw new Error("the sandbox's engine did not answer in time");
  return readSnapshot(result.stdout);
}

/** Reads the snapshot script's output. A reply that is missing (the engine is down) reads as empty. */
export function readSnapshot(stdout: string): HostSnapshot {
  const data = Buffer.from(stdout, "utf8");
  const firstReply = data.indexOf("HTTP/1.");
  const ipLine = data.subarray(0, firstReply < 0 ? data.length : firstReply).toString("utf8");
  const snapshot: HostSnapshot = {
    networks: [],
    containers: [],
    swarm: { LocalNodeState: "inactive", ControlAvailable: false, Nodes: 0, Managers: 0 },
    eth0: /\binet (\d+\.\d+\.\d+\.\d+)\//.exec(ipLine)?.[1] ?? "",
  };
  for (const reply of parseHttpReplies(data)) {
    if (reply.status !== 200) continue;
    const body = parseJson(reply.body);
    // Each reply says what it is by its shape, so a round that failed shifts nothing.
    if (Array.isArray(body)) snapshot.networks = body as NetworkState[];
    else if (isObject(body) && isObject(body["Swarm"])) snapshot.swarm = { ...snapshot.swarm, ...(body["Swarm"] as Partial<SwarmState>) };
    else if (isObject(body) && isObject(body["State"])) snapshot.containers.push(body as unknown as ContainerState);
  }
  return snapshot;
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
