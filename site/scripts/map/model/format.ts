import type { MapContainer, MapNetwork, NetworkMap } from "../../../../common/schemas/map.ts";

/** A container's connection to a network, as the map schema has it. */
export type MapEndpoint = MapContainer["endpoints"][number];
/** A published port, as the map schema has it. */
export type MapPort = MapContainer["ports"][number];
/** A sandbox host, as the map schema has it. */
export type MapHost = NetworkMap["hosts"][number];

/** A published port the way `docker ps` shows it, e.g. `127.0.0.1:8080 → 80/tcp`. */
export function portText(port: MapPort): string {
  const ip = port.hostIp.includes(":") ? `[${port.hostIp}]` : port.hostIp;
  return `${ip}:${port.hostPort} → ${port.containerPort}/${port.protocol}`;
}

/** What an endpoint's edge is labelled with: interface and IPv4, then IPv6, then aliases. */
export function endpointLines(endpoint: MapEndpoint): string[] {
  const first = [endpoint.interface, endpoint.ipv4].filter((part) => part !== undefined && part !== "").join(" ");
  const lines = first === "" ? [] : [first];
  if (endpoint.ipv6) lines.push(endpoint.ipv6);
  if (endpoint.aliases.length > 0) lines.push(`alias ${endpoint.aliases.join(", ")}`);
  return lines;
}

/** How a container without bridge-style networking is described. */
export function specialText(special: "none" | "host"): string {
  return special === "none" ? "no network (--network none)" : "host's network (--network host)";
}

/** A network's driver and flags in a few words, e.g. `bridge · internal`. */
export function driverText(network: MapNetwork): string {
  return network.internal ? `${network.driver} · internal` : network.driver;
}

/** A host's heading, e.g. `host1 · 10.99.0.2 · swarm manager`. */
export function hostText(host: MapHost): string {
  return [host.name, host.address, host.swarm ? `swarm ${host.swarm}` : undefined].filter((part) => part).join(" · ");
}

/** True for a network that exists once across several hosts (an overlay), not per host. */
export function spansHosts(network: MapNetwork): boolean {
  return network.scope !== "local";
}

/** Docker's own networks are shown only while a container uses them. */
export function isShown(network: MapNetwork, containers: readonly MapContainer[]): boolean {
  return !network.builtin || containers.some((container) => container.endpoints.some((endpoint) => endpoint.network === network.id));
}
