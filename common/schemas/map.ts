import { z } from "zod";

/**
 * The live map of a learner's sandbox: hosts, networks, containers, their addresses and published
 * ports, built by the lab server from the engines' real state and sent to the browser.
 */

/** A container's connection to a network. */
export const mapEndpoint = z.object({
  /** Id of the network (the key into `networks`). */
  network: z.string(),
  /** Interface name inside the container (`eth0`, `eth1`…), when it could be read. */
  interface: z.string().optional(),
  ipv4: z.string().optional(),
  ipv6: z.string().optional(),
  /** DNS aliases on this network, besides the container's name. */
  aliases: z.array(z.string()),
});

/** A published port. */
export const mapPort = z.object({
  hostIp: z.string(),
  hostPort: z.number().int(),
  containerPort: z.number().int(),
  protocol: z.enum(["tcp", "udp", "sctp"]),
});

/** A container on one host. */
export const mapContainer = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  image: z.string(),
  state: z.string(),
  /** `none`, `host`, or empty for bridge-style networking. */
  special: z.enum(["none", "host"]).optional(),
  endpoints: z.array(mapEndpoint),
  ports: z.array(mapPort),
});

/** A network; an overlay network lists every host it spans. */
export const mapNetwork = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  scope: z.string(),
  subnets: z.array(z.string()),
  internal: z.boolean(),
  /** Hosts on which this network exists. */
  hosts: z.array(z.string()),
  /** Docker's own networks (bridge, host, none, docker_gwbridge, ingress). */
  builtin: z.boolean(),
});

/** A sandbox host. */
export const mapHost = z.object({
  name: z.string(),
  address: z.string(),
  swarm: z.enum(["manager", "worker"]).optional(),
});

/** The whole map. */
export const networkMap = z.object({
  hosts: z.array(mapHost),
  networks: z.array(mapNetwork),
  containers: z.array(mapContainer),
});

/** A network map. */
export type NetworkMap = z.infer<typeof networkMap>;
/** A network on the map. */
export type MapNetwork = z.infer<typeof mapNetwork>;
/** A container on the map. */
export type MapContainer = z.infer<typeof mapContainer>;
