/**
 * Turns per-host engine snapshots into the map the browser draws. Pure: no I/O.
 */
import type { MapContainer, MapNetwork, NetworkMap } from "../../common/schemas/map.ts";
import type { HostSnapshot } from "../inspect/snapshot.ts";
import type { LinkTable } from "./links.ts";

/** One host's inputs. */
export interface HostView {
  name: string;
  address: string;
  snapshot: HostSnapshot;
  links: LinkTable;
}

const BUILTIN = new Set(["bridge", "host", "none", "docker_gwbridge", "ingress"]);

/** Builds the map; networks with the same id on several hosts (overlays) become one, spanning them. */
export function buildMap(hosts: readonly HostView[]): NetworkMap {
  const networks = new Map<string, MapNetwork>();
  const containers: MapContainer[] = [];
  for (const host of hosts) {
    for (const n of host.snapshot.networks) {
      // Local networks of different hosts may share a name (each host has a `bridge`): key them per host.
      const key = n.Scope === "swarm" ? n.Id : `${host.name}/${n.Id}`;
      const existing = networks.get(key);
      if (existing) {
        if (!existing.hosts.includes(host.name)) existing.hosts.push(host.name);
        continue;
      }
      networks.set(key, {
        id: key,
        name: n.Name,
        driver: n.Driver,
        scope: n.Scope,
        subnets: (n.IPAM.Config ?? []).map((c) => c.Subnet ?? "").filter(Boolean),
        internal: n.Internal,
        hosts: [host.name],
        builtin: BUILTIN.has(n.Name),
      });
    }
    for (const c of host.snapshot.containers) {
      const mode = c.HostConfig.NetworkMode;
      const special = mode === "none" || mode === "host" ? mode : undefined;
      const macs = host.links.get(c.Id);
      const endpoints = special
        ? []
        : Object.entries(c.NetworkSettings.Networks ?? {}).map(([name, ep]) => {
            const net = host.snapshot.networks.find((x) => x.Id === ep.NetworkID || x.Name === name);
            const key = net ? (net.Scope === "swarm" ? net.Id : `${host.name}/${net.Id}`) : `${host.name}/${name}`;
            const iface = ep.MacAddress ? macs?.get(ep.MacAddress) : undefined;
            const cname = c.Name.replace(/^\//, "");
            const aliases = [...new Set([...(ep.Aliases ?? []), ...(ep.DNSNames ?? [])])].filter((a) => a !== cname && !c.Id.startsWith(a));
            return {
              network: key,
              ...(iface ? { interface: iface } : {}),
              ...(ep.IPAddress ? { ipv4: ep.IPAddress } : {}),
              ...(ep.GlobalIPv6Address ? { ipv6: ep.GlobalIPv6Address } : {}),
              aliases,
            };
          });
      const ports = Object.entries(c.NetworkSettings.Ports ?? {}).flatMap(([key, bindings]) => {
        const [port, protocol] = key.split("/");
        return (bindings ?? []).map((b) => ({
          hostIp: b.HostIp || "0.0.0.0",
          hostPort: Number(b.HostPort),
          containerPort: Number(port),
          protocol: (protocol ?? "tcp") as "tcp" | "udp" | "sctp",
        }));
      });
      containers.push({
        id: c.Id,
        name: c.Name.replace(/^\//, ""),
        host: host.name,
        image: c.Config.Image,
        state: c.State.Status,
        ...(special ? { special } : {}),
        endpoints: endpoints.sort((a, b) => (a.interface ?? "").localeCompare(b.interface ?? "")),
        ports,
      });
    }
  }
  return {
    hosts: hosts.map((h) => ({
      name: h.name,
      address: h.address,
      ...(h.snapshot.swarm.LocalNodeState === "active"
        ? { swarm: h.snapshot.swarm.ControlAvailable ? ("manager" as const) : ("worker" as const) }
        : {}),
    })),
    networks: [...networks.values()],
    containers,
  };
}
