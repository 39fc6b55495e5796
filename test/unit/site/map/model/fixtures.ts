// Small builders for the map model's tests: network maps as the lab server sends them, scene
// items, placed items, and a text measure whose widths are easy to work out by hand.
import type { MapContainer, MapNetwork, NetworkMap } from "../../../../../common/schemas/map.ts";
import type { Box } from "../../../../../site/scripts/map/model/box.ts";
import type { MapEndpoint, MapHost, MapPort } from "../../../../../site/scripts/map/model/format.ts";
import {
  containerKey,
  edgeKey,
  hostKey,
  networkKey,
  type SceneContainer,
  type SceneEdge,
  type SceneHost,
  type SceneNetwork,
} from "../../../../../site/scripts/map/model/scene.ts";
import type { Measure } from "../../../../../site/scripts/map/model/text.ts";
import type { Placed, Rect } from "../../../../../site/scripts/map/model/types.ts";

/** Every character is 10 px wide, whatever the style. */
export const measure: Measure = (text) => [...text].length * 10;

export function host(name: string, extra: Partial<MapHost> = {}): MapHost {
  return { name, address: `10.99.0.${name.replace(/\D/g, "") || "1"}`, ...extra };
}

/** A user-defined bridge network on `host1` unless `extra` says otherwise. */
export function network(name: string, extra: Partial<MapNetwork> = {}): MapNetwork {
  const hosts = extra.hosts ?? ["host1"];
  const scope = extra.scope ?? "local";
  return {
    id: scope === "local" ? `${hosts[0]}/${name}-id` : `${name}-id`,
    name,
    driver: scope === "local" ? "bridge" : "overlay",
    scope,
    subnets: [],
    internal: false,
    hosts,
    builtin: false,
    ...extra,
  };
}

export function endpoint(network: string, extra: Partial<MapEndpoint> = {}): MapEndpoint {
  return { network, aliases: [], ...extra };
}

export function port(containerPort: number, hostPort: number, extra: Partial<MapPort> = {}): MapPort {
  return { hostIp: "0.0.0.0", hostPort, containerPort, protocol: "tcp", ...extra };
}

/** A running alpine container on `host1` unless `extra` says otherwise. */
export function container(name: string, extra: Partial<MapContainer> = {}): MapContainer {
  return { id: `${name}-cid`, name, host: "host1", image: "alpine", state: "running", endpoints: [], ports: [], ...extra };
}

export function networkMap(extra: Partial<NetworkMap> = {}): NetworkMap {
  return { hosts: [host("host1")], networks: [], containers: [], ...extra };
}

const EMPTY_BOX: Box = { width: 150, height: 50, rows: [], badges: [] };

export function sceneHost(name: string, width = 100): SceneHost {
  return { kind: "host", key: hostKey(name), name, label: name, width, height: 64 };
}

/** A scene network; `host` undefined makes one that spans `hosts`. */
export function sceneNetwork(name: string, host: string | undefined, hosts: readonly string[] = host ? [host] : []): SceneNetwork {
  const id = host ? `${host}/${name}-id` : `${name}-id`;
  return {
    kind: "network",
    key: networkKey(id),
    id,
    name,
    driver: host ? "bridge" : "overlay",
    host,
    hosts,
    builtin: false,
    box: EMPTY_BOX,
    tooltip: name,
  };
}

export function sceneContainer(name: string, host = "host1", aliases: readonly string[] = []): SceneContainer {
  return {
    kind: "container",
    key: containerKey(host, name),
    id: `${name}-cid`,
    name,
    host,
    state: "running",
    special: undefined,
    aliases,
    box: EMPTY_BOX,
    tooltip: name,
  };
}

export function sceneEdge(from: SceneContainer, to: SceneNetwork, lines: readonly string[] = []): SceneEdge {
  return {
    key: edgeKey(from.key, to.key),
    source: from.key,
    target: to.key,
    container: from.name,
    network: to.name,
    lines,
    label: lines.length > 0 ? { width: 60, height: 20 } : undefined,
  };
}

/** `item` placed at `rect`. */
export function at<T>(item: T, x: number, y: number, width: number, height: number): Placed<T> {
  return { item, x, y, width, height };
}

export function rect(x: number, y: number, width: number, height: number): Rect {
  return { x, y, width, height };
}
