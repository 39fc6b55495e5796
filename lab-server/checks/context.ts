/**
 * What check evaluators get: per-host snapshots (taken once per evaluation), and bounded probes
 * run inside the sandbox.
 */
import type { CaptureResult } from "../docker/engine.ts";
import { PROBE_TIMEOUT_MS } from "../inspect/deadline.ts";
import type { SandboxReader } from "../inspect/reader.ts";
import type { ContainerState, HostSnapshot } from "../inspect/snapshot.ts";
import { readHost, type SnapshotCache } from "../inspect/snapshot-cache.ts";
import type { Sandbox, SandboxHost } from "../sandbox/sandbox.ts";
import { ProbeBatch } from "./probe-batch.ts";

/**
 * How long a probe waits for an answer, counted by the probing tool itself from the moment it
 * sends (ping's -W, netcat's -w), never including the time it took to start. Inside one lab every
 * path is a local bridge or a VXLAN tunnel, where answers take well under a millisecond.
 */
export const PROBE_WAIT_S = 1;

/** The evaluation context for one pass over a lesson's checks. */
export class CheckContext {
  readonly #engine: SandboxReader;
  readonly #sandbox: Sandbox;
  readonly #snapshots = new Map<string, Promise<HostSnapshot>>();
  readonly #batches = new Map<string, ProbeBatch>();
  readonly #cache: SnapshotCache | undefined;

  /** With a `cache`, snapshots are reused across contexts while the sandbox reports no change. */
  constructor(reader: SandboxReader, sandbox: Sandbox, cache?: SnapshotCache) {
    this.#engine = reader;
    this.#sandbox = sandbox;
    this.#cache = cache;
  }

  /** The sandbox's hosts. */
  get hosts(): readonly SandboxHost[] {
    return this.#sandbox.hosts;
  }

  /** The lab network's subnet (the one every host's eth0 is on). */
  get labSubnet(): string {
    return this.#sandbox.subnet;
  }

  /** The named host, or the lab's first. */
  host(name: string | undefined): SandboxHost {
    const host = name ? this.#sandbox.hosts.find((h) => h.name === name) : this.#sandbox.hosts[0];
    if (!host) throw new Error(`the lab has no host ${name}`);
    return host;
  }

  /** The host's state, taken once per context. */
  snapshot(hostName: string | undefined): Promise<HostSnapshot> {
    const host = this.host(hostName);
    let snap = this.#snapshots.get(host.name);
    if (!snap) {
      snap = readHost(this.#engine, host, this.#cache);
      this.#snapshots.set(host.name, snap);
    }
    return snap;
  }

  /**
   * Runs a command on a sandbox host (not in a nested container), bounded in time. Commands asked
   * for in the same turn run together in one exec.
   */
  onHost(hostName: string | undefined, cmd: string[]): Promise<CaptureResult> {
    const host = this.host(hostName);
    let batch = this.#batches.get(host.name);
    if (!batch) {
      batch = new ProbeBatch(this.#engine, host.containerId, PROBE_TIMEOUT_MS);
      this.#batches.set(host.name, batch);
    }
    return batch.run(cmd);
  }

  /**
   * Runs a command inside a running nested container: in all its namespaces, with its own root
   * filesystem, resolv.conf and /etc/hosts, as `docker exec` would, but entered directly with
   * nsenter from the sandbox host, which costs milliseconds instead of a round of exec calls.
   */
  inContainer(
    hostName: string | undefined,
    container: ContainerState,
    cmd: string[],
    deadlineSeconds = PROBE_TIMEOUT_MS / 1000 - 0.5,
  ): Promise<CaptureResult> {
    const pid = String(container.State.Pid);
    // `timeout` bounds the probe inside the sandbox too, so a hung one never piles up.
    const enter = ["nsenter", "-t", pid, "-m", "-u", "-i", "-n", "-p", "-r", "-w"];
    return this.onHost(hostName, ["timeout", String(deadlineSeconds), ...enter, ...cmd]);
  }

  /**
   * Runs a shell script of the sandbox host's own tools (iputils ping, OpenBSD netcat, bind's
   * nslookup, ss) inside a nested container's network namespace only: what it sends and receives
   * takes the container's interfaces, routes and firewall, whatever tools the container has.
   */
  inNetns(hostName: string | undefined, container: ContainerState, script: string): Promise<CaptureResult> {
    const pid = String(container.State.Pid);
    return this.onHost(hostName, ["timeout", String(PROBE_TIMEOUT_MS / 1000 - 0.5), "nsenter", "-t", pid, "-n", "sh", "-c", script]);
  }
}
