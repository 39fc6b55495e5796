import type { MapContainer, MapNetwork, NetworkMap } from "../../../../common/schemas/map.ts";
import { driverText, hostText, portText, spansHosts, specialText } from "./format.ts";
import { containerKey, edgeKey, hostKey, networkKey, type Scene } from "./scene.ts";

/** One line of the text alternative; `key` names the map element it describes (for highlighting). */
export interface MapListLine {
  readonly text: string;
  readonly key: string | undefined;
}

/** A network or container in the list, with its details (one per line). */
export interface MapListEntry extends MapListLine {
  readonly details: readonly MapListLine[];
}

/** One host's part of the list (or, in multi-host labs, the networks spanning hosts). */
export interface MapListSection {
  readonly key: string | undefined;
  readonly heading: string;
  readonly networks: readonly MapListEntry[];
  /** Undefined for a section that holds no containers by nature (networks spanning hosts). */
  readonly containers: readonly MapListEntry[] | undefined;
}

/** Words for an empty part of a section. */
export const NO_NETWORKS = "No networks in use.";
/** Words for a host without containers. */
export const NO_CONTAINERS = "No containers yet.";

function networkEntry(network: MapNetwork, grouped: boolean): MapListEntry {
  const subnets = network.subnets.length > 0 ? `subnet ${network.subnets.join(", ")}` : "no subnet";
  const where = spansHosts(network) && grouped ? `, on ${network.hosts.join(", ")}` : "";
  return { key: networkKey(network.id), text: `${network.name}: ${driverText(network)} network, ${subnets}${where}`, details: [] };
}

function containerEntry(container: MapContainer, names: ReadonlyMap<string, string>): MapListEntry {
  const key = containerKey(container.host, container.name);
  const details: MapListLine[] = [];
  if (container.special) details.push({ text: specialText(container.special), key: undefined });
  for (const endpoint of container.endpoints) {
    const facts = [endpoint.interface, endpoint.ipv4, endpoint.ipv6].filter((fact) => fact);
    if (endpoint.aliases.length > 0) facts.push(`${endpoint.aliases.length > 1 ? "aliases" : "alias"} ${endpoint.aliases.join(", ")}`);
    const name = names.get(endpoint.network) ?? endpoint.network;
    details.push({ text: `on ${name}${facts.length > 0 ? `: ${facts.join(", ")}` : ""}`, key: edgeKey(key, networkKey(endpoint.network)) });
  }
  if (!container.special && container.endpoints.length === 0) details.push({ text: "not on any network", key: undefined });
  for (const port of container.ports) details.push({ text: `publishes ${portText(port)}`, key: `${key}|port:${port.containerPort}` });
  return { key, text: `${container.name}: ${container.state}, image ${container.image}`, details };
}

/**
 * The map as text, in the drawing's order: per host its networks (with subnets) and containers
 * (with state, one line per network with interface, addresses and aliases, and published ports).
 */
export function mapListModel(map: NetworkMap, scene: Scene): MapListSection[] {
  const rank = new Map([...scene.networks, ...scene.containers].map((item, index) => [item.key, index]));
  const byRank =
    <T>(key: (item: T) => string) =>
    (a: T, b: T) =>
      (rank.get(key(a)) ?? 0) - (rank.get(key(b)) ?? 0);
  const networks = map.networks.filter((n) => rank.has(networkKey(n.id))).sort(byRank((n) => networkKey(n.id)));
  const containers = [...map.containers].sort(byRank((c) => containerKey(c.host, c.name)));
  const names = new Map(map.networks.map((network) => [network.id, network.name]));
  const grouped = scene.grouped;
  const sections: MapListSection[] = map.hosts.map((host) => ({
    key: grouped ? hostKey(host.name) : undefined,
    heading: hostText(host),
    networks: networks.filter((n) => !grouped || (!spansHosts(n) && n.hosts[0] === host.name)).map((n) => networkEntry(n, grouped)),
    containers: containers.filter((c) => !grouped || c.host === host.name).map((c) => containerEntry(c, names)),
  }));
  const spanning = grouped ? networks.filter(spansHosts) : [];
  if (spanning.length > 0) {
    sections.push({ key: undefined, heading: "Across hosts", networks: spanning.map((n) => networkEntry(n, true)), containers: undefined });
  }
  return sections;
}

function names(items: readonly { name: string }[], most = 6): string {
  const shown = items.slice(0, most).map((item) => item.name);
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A one-sentence summary of the map, for the drawing's accessible name. */
export function mapSummary(map: NetworkMap, scene: Scene): string {
  const where = map.hosts.length === 1 ? `on ${map.hosts[0]?.name}` : `across ${count(map.hosts.length, "host", "hosts")}`;
  const networks = scene.networks.length > 0 ? ` (${names(scene.networks)})` : "";
  const containers = scene.containers.length > 0 ? ` (${names(scene.containers)})` : "";
  return (
    `Network map ${where}: ${count(scene.networks.length, "network", "networks")}${networks}, ` +
    `${count(scene.containers.length, "container", "containers")}${containers}, ` +
    `${count(scene.edges.length, "connection", "connections")}. The same facts follow as a list.`
  );
}
