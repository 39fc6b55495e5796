import { z } from "zod";
import { hostName } from "./names.ts";

/**
 * Exercise checks: declarative, typed statements about the real state of a learner's sandbox.
 * The lab server evaluates them through each sandbox host's own Docker Engine; nothing a learner
 * typed is ever consulted.
 */

/** A container or network name as a learner would type it (Docker's own name rules). */
const objectName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "use a Docker object name, e.g. `web` or `appnet`");
/** IPv4 or IPv6 CIDR. */
const cidr = z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, "write a CIDR such as 10.10.0.0/24");
/** An IPv4 or IPv6 address. */
const address = z.string().regex(/^[0-9a-fA-F:.]+$/, "write an IP address such as 10.10.0.5");

const common = {
  /** Which sandbox host to look at; defaults to the lab's first host. */
  host: hostName.optional(),
};

/** A network exists (or, with `exists: false`, does not) with the given properties. */
export const networkCheck = z
  .object({
    kind: z.literal("network"),
    ...common,
    name: objectName,
    exists: z.boolean().default(true),
    driver: z.string().optional(),
    /** The subnet, or `lab`: the subnet of the lab network the sandbox hosts' `eth0` are on. */
    subnet: z.union([cidr, z.literal("lab")]).optional(),
    /** The gateway, or `lab`: the lab network's gateway (the host's default route). */
    gateway: z.union([address, z.literal("lab")]).optional(),
    /** The IP range, or `lab.N/P`: the range starting at host part N of the lab subnet, e.g. `lab.128/27`. */
    ipRange: z
      .union([cidr, z.string().regex(/^lab\.\d{1,3}\/\d{1,2}$/, "write a CIDR, or lab.128/27 for a range of the lab subnet")])
      .optional(),
    /** The parent interface of a macvlan or ipvlan network (`-o parent=`), e.g. `eth0`. */
    parent: z.string().optional(),
    internal: z.boolean().optional(),
    attachable: z.boolean().optional(),
    ipv6: z.boolean().optional(),
    scope: z.enum(["local", "swarm", "global"]).optional(),
  })
  .strict();

/** A container exists with the given properties. */
export const containerCheck = z
  .object({
    kind: z.literal("container"),
    ...common,
    name: objectName,
    exists: z.boolean().default(true),
    /** Image the container was created from, by the name the learner used (`web`, `tools`). */
    image: z.string().optional(),
    running: z.boolean().optional(),
    restart: z.enum(["no", "always", "unless-stopped", "on-failure"]).optional(),
    /** `none`, `host`, `bridge` (the default bridge), the name of a user-defined network, or `container:NAME`. */
    networkMode: z.string().optional(),
    /** The container's hostname (`--hostname`). */
    hostname: z.string().optional(),
  })
  .strict();

/** A container is (or is not) connected to a network. */
export const attachedCheck = z
  .object({
    kind: z.literal("attached"),
    ...common,
    container: objectName,
    network: objectName,
    attached: z.boolean().default(true),
    /** An alias the container must answer to on this network. */
    alias: z.string().optional(),
    ipv4: address.optional(),
    ipv6: address.optional(),
    /** Number of networks (interfaces besides lo) the container must have in total. */
    interfaces: z.number().int().min(0).optional(),
  })
  .strict();

/**
 * Container `from` can (or cannot) reach `to`, by name or IP, with ICMP or a TCP/UDP port. Probes
 * run in `from`'s network namespace; a name is resolved by `from`'s own resolver (its /etc/hosts,
 * then DNS), as a program in it would. `reachable` over TCP or UDP means a server answers: a reply
 * comes back (an HTTP request is sent to servers that wait for one), not only a handshake.
 * `unreachable` means every probe got no answer, twice: ICMP, the asked port, and (when `to` is a
 * container) TCP to each port it listens on.
 */
export const reachCheck = z
  .object({
    kind: z.literal("reach"),
    ...common,
    from: objectName,
    /** A container name, or a name to resolve as-is when `by` is `name`. */
    to: z.string().min(1),
    /** Address `to` by its name, or by its IP on `network` (or its first network). */
    by: z.enum(["name", "ip"]).default("name"),
    network: objectName.optional(),
    protocol: z.enum(["icmp", "tcp", "udp"]).default("icmp"),
    port: z.number().int().min(1).max(65535).optional(),
    expect: z.enum(["reachable", "unreachable"]).default("reachable"),
    /** Text the server's reply must contain (TCP or UDP), e.g. `pong` or `Hello from`. */
    reply: z.string().min(1).optional(),
  })
  .strict()
  .refine((c) => c.protocol !== "icmp" || c.reply === undefined, { message: "ping has no reply text to match", path: ["reply"] })
  .refine((c) => c.protocol === "icmp" || c.port !== undefined, { message: "tcp and udp checks need a port", path: ["port"] });

/**
 * In container `from`, `name` resolves (to container `to`'s address on `network`), or does not.
 * By default the question goes to Docker's embedded DNS server (127.0.0.11) from `from`'s network
 * namespace, so a line in the container's /etc/hosts changes nothing; `via: hosts` asks the
 * container's own resolver instead (its /etc/hosts first), for names `--link` on the default
 * bridge and `--add-host` put there.
 */
export const dnsCheck = z
  .object({
    kind: z.literal("dns"),
    ...common,
    from: objectName,
    name: z.string().min(1),
    via: z.enum(["docker", "hosts"]).default("docker"),
    expect: z.enum(["resolves", "fails"]).default("resolves"),
    /** The container whose address the answer must include. */
    to: objectName.optional(),
    network: objectName.optional(),
    /** Every container whose address must be among the answers (round-robin aliases). */
    toAll: z.array(objectName).optional(),
  })
  .strict();

/** A container publishes a port, and it actually answers there. */
export const publishedCheck = z
  .object({
    kind: z.literal("published"),
    ...common,
    container: objectName,
    containerPort: z.number().int().min(1).max(65535),
    protocol: z.enum(["tcp", "udp"]).default("tcp"),
    /** Host address the port must be bound to, e.g. 127.0.0.1 (0.0.0.0 means all). */
    hostIp: z.string().optional(),
    /** Exact host port, or a range `[from, to]` it must fall in; omitted means any. */
    hostPort: z.union([z.number().int().min(1).max(65535), z.tuple([z.number().int(), z.number().int()])]).optional(),
    /**
     * Probe the published port from the sandbox host: something must answer at the application
     * level (an HTTP reply, or any line back), not only accept the connection. TCP always; UDP
     * when `reply` is given.
     */
    reachable: z.boolean().default(true),
    /** Text the reply must contain, e.g. `Hello from`. */
    reply: z.string().min(1).optional(),
    /** An address of the host on which the port must NOT answer, e.g. the host's eth0 address (`eth0`). */
    notOn: z.enum(["eth0"]).optional(),
  })
  .strict();

/** Swarm membership: the host's engine is in a swarm with the given role, and counts nodes. */
export const swarmCheck = z
  .object({
    kind: z.literal("swarm"),
    ...common,
    role: z.enum(["manager", "worker"]).optional(),
    /** Nodes the swarm must have (asked of a manager). */
    nodes: z.number().int().min(1).optional(),
    managers: z.number().int().min(1).optional(),
  })
  .strict();

/** A swarm service exists, with replicas running, and its published port answers on every host. */
export const serviceCheck = z
  .object({
    kind: z.literal("service"),
    ...common,
    name: objectName,
    replicas: z.number().int().min(0).optional(),
    network: objectName.optional(),
    /** Published port that must answer (tcp) on every host of the lab: the routing mesh. */
    publishedPort: z.number().int().min(1).max(65535).optional(),
  })
  .strict();

/** A compose project's networks and which services are on which. */
export const composeCheck = z
  .object({
    kind: z.literal("compose"),
    ...common,
    project: objectName,
    /** service name → networks (as declared in the compose file, without the project prefix). */
    services: z.record(z.string(), z.array(z.string())),
  })
  .strict();

/** Escape hatch, used sparingly: a shell command on the sandbox host whose output must match. */
export const commandCheck = z
  .object({
    kind: z.literal("command"),
    ...common,
    run: z.string().min(1),
    match: z.string().min(1),
    /** What the command shows, in a learner's words, for the failure message. */
    describe: z.string().min(5),
  })
  .strict();

/** Any check. */
export const check = z.union([
  networkCheck,
  containerCheck,
  attachedCheck,
  reachCheck,
  dnsCheck,
  publishedCheck,
  swarmCheck,
  serviceCheck,
  composeCheck,
  commandCheck,
]);
/** A check. */
export type Check = z.infer<typeof check>;

/** One step of a reference solution: a command typed into a host's terminal. */
export const solutionStep = z.union([z.string().min(1), z.object({ command: z.string().min(1), host: hostName.optional() }).strict()]);
/** One solution or lab set-up step: a command for the lab's first host, or for a named host. */
export type SolutionStep = z.infer<typeof solutionStep>;

/** An exercise: a task, its hints and solution, and the checks that say it is done. */
export const exercise = z
  .object({
    /** Stable id, unique in its lesson. */
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lower-case words joined by dashes"),
    title: z.string().min(3),
    /** What to do, in one or two sentences. */
    task: z.string().min(10),
    /** Progressive hints, revealed one at a time. */
    hints: z.array(z.string().min(5)).default([]),
    /** Reference solution: commands that, typed in order into a fresh lab, make every check pass. */
    solution: z.array(solutionStep).min(1, "give the commands that solve the exercise"),
    /** Ids of exercises in the same lesson that must pass first. */
    dependsOn: z.array(z.string()).default([]),
    checks: z.array(check).min(1, "an exercise needs at least one check"),
  })
  .strict();
/** An exercise. */
export type Exercise = z.infer<typeof exercise>;

/** Result of one check, as the learner sees it. */
export const checkResult = z.object({
  ok: z.boolean(),
  /** What is right, or what is wrong and how, in a learner's words. */
  message: z.string(),
  /** What the check is about, for highlighting (e.g. `network:appnet`, `container:web`). */
  subject: z.string().optional(),
});
/** A check result. */
export type CheckResult = z.infer<typeof checkResult>;

/** Result of one exercise. */
export const exerciseResult = z.object({
  id: z.string(),
  status: z.enum(["passed", "failed", "blocked"]),
  checks: z.array(checkResult),
});
/** An exercise result. */
export type ExerciseResult = z.infer<typeof exerciseResult>;
