/**
 * A learner's sandbox: one or more host containers, each running its own Docker Engine, on a
 * private lab network that only they share. Provisioning reports progress and, if any step fails,
 * removes whatever it had created.
 */
import type { SandboxLimits } from "../config.ts";
import { type Engine, LABEL_HOST, LABEL_OWNER, LABEL_SESSION } from "../docker/engine.ts";
import { LabError, toLabError } from "../errors.ts";
import { sandboxDisk } from "./disk.ts";
import { sandboxIsolation } from "./isolation.ts";
import { isolationFor } from "./profile.ts";
import type { SubnetAllocator } from "./subnets.ts";

/** Marker the host's init prints once its engine answers and the lab images are loaded. */
const READY_LINE = "SWITCHYARD-READY";
const FAILED_PREFIX = "SWITCHYARD-FAILED";
/** How long a host may take to boot its engine and load images. */
const BOOT_TIMEOUT_MS = 60_000;
/** Output of a host's init the outer engine keeps: a few lines at boot, unless a learner writes to it. */
const LOG_MAX_BYTES = 1024 * 1024;

/** One running sandbox host. */
export interface SandboxHost {
  /** Name from the lesson, also the hostname. */
  readonly name: string;
  /** Outer container id. */
  readonly containerId: string;
  /** Address on the lab network. */
  readonly address: string;
}

/** A provisioned sandbox. */
export interface Sandbox {
  readonly sessionId: string;
  readonly networkId: string;
  readonly subnet: string;
  readonly hosts: readonly SandboxHost[];
}

/** What provisioning needs to know. */
export interface ProvisionRequest {
  sessionId: string;
  /** Owner label value: this server instance. */
  instance: string;
  hostNames: readonly string[];
  image: string;
  limits: SandboxLimits;
  onProgress?: (detail: string) => void;
}

/** Creates the lab network and hosts, and waits until every host's engine is ready. */
export async function provisionSandbox(engine: Engine, subnets: SubnetAllocator, req: ProvisionRequest): Promise<Sandbox> {
  const progress = req.onProgress ?? (() => undefined);
  // Before anything is created: on an engine that cannot isolate sandboxes, none is started.
  const isolation = isolationFor(await sandboxIsolation(engine, req.limits), req.limits.runtime);
  const labels = { [LABEL_OWNER]: req.instance, [LABEL_SESSION]: req.sessionId };
  const prefix = `sy-${req.instance}-${req.sessionId.slice(0, 12)}`;
  progress("creating your private lab network");
  const { lab, networkId } = await createLabNetwork(engine, subnets, prefix, labels);
  try {
    const disk = sandboxDisk(req.limits.diskBytes);
    // The disk is tmpfs, charged to the memory cgroup of whoever writes it: without the extra room, a
    // learner filling it would meet the OOM killer (which may pick dockerd) instead of a full disk.
    const memoryBytes = req.limits.memoryBytes + req.limits.diskBytes;
    // allSettled, not all: on a failure, every host must have finished creating before cleanup runs.
    const settled = await Promise.allSettled(
      req.hostNames.map(async (name, index): Promise<SandboxHost> => {
        const hostLabels = { ...labels, [LABEL_HOST]: name };
        const address = lab.hostAddress(index);
        progress(`starting ${name}`);
        const containerId = await engine.createContainer({
          name: `${prefix}-${name}`,
          image: req.image,
          hostname: name,
          labels: hostLabels,
          network: { name: prefix, ipv4: address },
          init: true,
          ...isolation,
          ...disk,
          logMaxBytes: LOG_MAX_BYTES,
          memoryBytes,
          pidsLimit: req.limits.pids,
          nanoCpus: req.limits.nanoCpus,
        });
        await engine.startContainer(containerId);
        progress(`starting ${name}'s Docker Engine`);
        await engine.waitForLine(containerId, READY_LINE, FAILED_PREFIX, BOOT_TIMEOUT_MS);
        return { name, containerId, address };
      }),
    );
    const failed = settled.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    const hosts = settled.map((r) => (r as PromiseFulfilledResult<SandboxHost>).value);
    progress("ready");
    return { sessionId: req.sessionId, networkId, subnet: lab.subnet, hosts };
  } catch (err) {
    await destroySandbox(engine, req.instance, req.sessionId).catch(() => undefined);
    subnets.release(lab.subnet);
    throw toLabError(err);
  }
}

/** Attempts at a free subnet before giving up (other servers on the engine may race for them). */
const SUBNET_ATTEMPTS = 8;

async function createLabNetwork(engine: Engine, subnets: SubnetAllocator, name: string, labels: Record<string, string>) {
  const tried: string[] = [];
  try {
    for (let attempt = 0; attempt < SUBNET_ATTEMPTS; attempt++) {
      const lab = subnets.allocate([...(await engine.usedSubnets()), ...tried]);
      if (!lab) break;
      // Internal: the lab network has no route out of the machine and none to other labs.
      const networkId = await engine.createNetwork({ name, subnet: lab.subnet, gateway: lab.gateway, labels, internal: true });
      if (networkId) return { lab, networkId };
      tried.push(lab.subnet);
    }
  } finally {
    for (const subnet of tried) subnets.release(subnet);
  }
  throw new LabError("LAB_ERR_CAPACITY", "No free lab network is left on this server. Try again in a few minutes.");
}

/** Removes every container, network and volume of one session (earlier versions gave each host a volume). */
export async function destroySandbox(engine: Engine, instance: string, sessionId: string): Promise<void> {
  await removeLabelled(engine, `${LABEL_SESSION}=${sessionId}`, (labels) => labels[LABEL_OWNER] === instance);
}

/**
 * Removes everything this server instance created (leftovers of an earlier run, or orphans of this
 * one), except the sandboxes of `keepSessions` (their session labels). A function is called once,
 * after the engine has listed what exists, so that what it keeps is current. Returns how many
 * objects were removed.
 */
export async function removeLeftovers(
  engine: Engine,
  instance: string,
  keepSessions: ReadonlySet<string> | (() => ReadonlySet<string>) = new Set(),
): Promise<number> {
  let keep: ReadonlySet<string> | undefined;
  return removeLabelled(engine, `${LABEL_OWNER}=${instance}`, (labels) => {
    keep ??= typeof keepSessions === "function" ? keepSessions() : keepSessions;
    return !keep.has(labels[LABEL_SESSION] ?? "");
  });
}

/** Removes the objects carrying `label` that `remove` picks; it is called only after the engine has listed them. */
async function removeLabelled(engine: Engine, label: string, remove: (labels: Record<string, string>) => boolean): Promise<number> {
  const found = await engine.listByLabel(label);
  const containers = found.containers.filter((c) => remove(c.labels));
  // Containers first: a network or volume still in use cannot be removed.
  await Promise.all(containers.map((c) => engine.removeContainer(c.id)));
  const networks = found.networks.filter((n) => remove(n.labels));
  const volumes = found.volumes.filter((v) => remove(v.labels));
  await Promise.all([...networks.map((n) => engine.removeNetwork(n.id)), ...volumes.map((v) => engine.removeVolume(v.name))]);
  return containers.length + networks.length + volumes.length;
}
