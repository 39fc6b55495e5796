/**
 * A snapshot of one sandbox host's engine state (networks, containers, swarm), taken in a single
 * exec so that a lesson's checks see one consistent moment and cost one round trip.
 */
import type { Engine } from "../docker/engine.ts";

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

// One shell round trip asks the sandbox engine's API directly (curl on its socket is several times
// cheaper than the docker CLI), with every request in parallel: the time is that of the slowest,
// not the sum. Containers can vanish between the list and their inspect; those are skipped.
const SNAPSHOT_SCRIPT = `
api() { curl -sf --unix-socket /var/run/docker.sock "http://docker$1"; }
d=$(mktemp -d) || exit 1
trap 'rm -rf "$d"' EXIT
api /networks > "$d/networks" &
api /info > "$d/info" &
ip -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1 > "$d/eth0" &
n=0
for id in $(api '/containers/json?all=1' | grep -o '"Id":"[0-9a-f]*"' | cut -d'"' -f4); do
  n=$((n + 1))
  api "/containers/$id/json" > "$d/c$n" &
done
wait
printf '{"networks":'; if [ -s "$d/networks" ]; then cat "$d/networks"; else printf '[]'; fi
printf ',"containers":['
first=1
i=0
while [ $i -lt $n ]; do
  i=$((i + 1))
  [ -s "$d/c$i" ] || continue
  [ $first = 1 ] || printf ','
  first=0
  cat "$d/c$i"
done
printf '],"info":'; if [ -s "$d/info" ]; then cat "$d/info"; else printf '{}'; fi
printf ',"eth0":"%s"}' "$(cat "$d/eth0")"
`;

/** Takes a snapshot of the engine inside sandbox host `containerId`. */
export async function snapshotHost(engine: Engine, containerId: string, timeoutMs: number): Promise<HostSnapshot> {
  const result = await engine.execCapture(containerId, ["sh", "-c", SNAPSHOT_SCRIPT], { timeoutMs, maxBytes: 8 * 1024 * 1024 });
  if (result.timedOut) throw new Error("the sandbox's engine did not answer in time");
  const parsed = JSON.parse(result.stdout) as Partial<HostSnapshot> & { info?: { Swarm?: Partial<SwarmState> } };
  return {
    networks: parsed.networks ?? [],
    containers: parsed.containers ?? [],
    swarm: { LocalNodeState: "inactive", ControlAvailable: false, Nodes: 0, Managers: 0, ...(parsed.info?.Swarm ?? {}) },
    eth0: parsed.eth0 ?? "",
  };
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
