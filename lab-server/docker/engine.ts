/**
 * The one module that talks to the Docker Engine API. Everything else in the lab server asks this
 * module, so the dockerode dependency, its callback quirks and the engine's status codes stay here.
 */
import { PassThrough, type Readable } from "node:stream";
import Docker from "dockerode";
import { LabError } from "../errors.ts";
import { dockerCall, fromDockerError, isNotFound } from "./errors.ts";
import { type CaptureResult, type ExecHandle, execCapture, execPipe, execTty, type PipeHandle } from "./exec.ts";

export type { CaptureResult, ExecHandle, HostExec, PipeHandle } from "./exec.ts";

/** Labels Switchyard puts on everything it creates, so that it can find and remove it. */
export const LABEL_OWNER = "switchyard.owner";
/** Label naming the session an object belongs to. */
export const LABEL_SESSION = "switchyard.session";
/** Label naming the sandbox host a container is. */
export const LABEL_HOST = "switchyard.host";

/** What to create for one sandbox host container. */
export interface ContainerSpec {
  name: string;
  image: string;
  hostname: string;
  labels: Record<string, string>;
  env?: string[];
  cmd?: string[];
  /** Outer network to attach at create time, with a fixed address. */
  network?: { name: string; ipv4: string };
  capAdd?: string[];
  capDrop?: string[];
  securityOpt?: string[];
  binds?: string[];
  /** Mount path → tmpfs options (e.g. `size=1048576,mode=0755`). */
  tmpfs?: Record<string, string>;
  /** Mount the image's root filesystem read-only (/etc/hosts, /etc/hostname and /etc/resolv.conf too). */
  readonlyRootfs?: boolean;
  /** Cap on the container's own output kept by the engine, so writing to it cannot fill the disk. */
  logMaxBytes?: number;
  init?: boolean;
  /** Leave /proc and /sys unmasked and writable (CLI: `--security-opt systempaths=unconfined`). */
  unmaskSystemPaths?: boolean;
  memoryBytes?: number;
  nanoCpus?: number;
  pidsLimit?: number;
  runtime?: string;
}

/** Objects found by label. */
export interface LabelledObjects {
  containers: { id: string; name: string; labels: Record<string, string>; state: string }[];
  networks: { id: string; name: string; labels: Record<string, string>; subnets: string[] }[];
  volumes: { name: string; labels: Record<string, string> }[];
}

/** A Docker Engine, reached through DOCKER_HOST or the default socket. */
export class Engine {
  readonly #docker: Docker;

  constructor(options: { dockerHost?: string | undefined } = {}) {
    this.#docker = options.dockerHost ? new Docker(hostOptions(options.dockerHost)) : new Docker();
  }

  /** Throws LAB_ERR_ENGINE_UNREACHABLE unless the engine answers. */
  async ping(): Promise<void> {
    try {
      await this.#docker.ping();
    } catch (err) {
      throw new LabError("LAB_ERR_ENGINE_UNREACHABLE", undefined, { cause: err });
    }
  }

  /** The engine's version string. */
  async version(): Promise<string> {
    return (await dockerCall("version", () => this.#docker.version())).Version;
  }

  /** True when the engine keeps containers running while it restarts (`--live-restore`). */
  async liveRestore(): Promise<boolean> {
    const info = (await dockerCall("info", () => this.#docker.info())) as { LiveRestoreEnabled?: boolean };
    return info.LiveRestoreEnabled === true;
  }

  /**
   * What the engine offers for isolating containers: whether it runs them in a user namespace of
   * their own (`userns-remap`, reported as `name=userns` in its security options), and the OCI
   * runtimes it knows by name.
   */
  async isolationSupport(): Promise<{ userns: boolean; runtimes: string[] }> {
    const info = (await dockerCall("info", () => this.#docker.info())) as {
      SecurityOptions?: string[];
      Runtimes?: Record<string, unknown>;
    };
    const userns = (info.SecurityOptions ?? []).some((option) => option.split(",").includes("name=userns"));
    return { userns, runtimes: Object.keys(info.Runtimes ?? {}) };
  }

  /** True when an image with this reference exists. */
  async imageExists(ref: string): Promise<boolean> {
    try {
      await this.#docker.getImage(ref).inspect();
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw fromDockerError("inspectImage", err);
    }
  }

  /** Imports a root filesystem tarball as image `ref` (`repo:tag`), applying Dockerfile `changes`. */
  async importImage(tar: Readable, ref: string, changes: string[]): Promise<void> {
    const [repo, tag] = splitRef(ref);
    const stream = await dockerCall("importImage", () => this.#docker.importImage(tar as unknown as string, { repo, tag, changes }));
    await this.#followProgress(stream);
  }

  /** A `docker save` tarball of one image. */
  async saveImage(ref: string): Promise<Readable> {
    return (await dockerCall("saveImage", () => this.#docker.getImage(ref).get())) as Readable;
  }

  /** Tags image `ref` as `target` (`repo:tag`). */
  async tagImage(ref: string, target: string): Promise<void> {
    const [repo, tag] = splitRef(target);
    await dockerCall("tagImage", () => this.#docker.getImage(ref).tag({ repo, tag }));
  }

  /** Removes an image reference (a tag only untags); a missing one counts as removed. */
  async removeImage(ref: string): Promise<void> {
    await this.#ignoreMissing("removeImage", () => this.#docker.getImage(ref).remove());
  }

  /**
   * Creates a bridge network; returns its id, or undefined when its subnet overlaps a network
   * that exists already (another server may have taken it a moment ago), so the caller can pick
   * another.
   */
  async createNetwork(options: {
    name: string;
    subnet: string;
    gateway: string;
    labels: Record<string, string>;
    internal: boolean;
  }): Promise<string | undefined> {
    try {
      const net = await this.#docker.createNetwork({
        Name: options.name,
        Driver: "bridge",
        CheckDuplicate: true,
        Internal: options.internal,
        Labels: options.labels,
        IPAM: { Driver: "default", Config: [{ Subnet: options.subnet, Gateway: options.gateway }] },
      });
      return net.id;
    } catch (err) {
      const e = err as { statusCode?: number; message?: string };
      if (e.statusCode === 403 && /overlap/i.test(e.message ?? "")) return undefined;
      throw fromDockerError("createNetwork", err);
    }
  }

  /** Removes a network; a missing one counts as removed. */
  async removeNetwork(id: string): Promise<void> {
    await this.#ignoreMissing("removeNetwork", () => this.#docker.getNetwork(id).remove());
  }

  /** Removes a volume; a missing one counts as removed. */
  async removeVolume(name: string): Promise<void> {
    await this.#ignoreMissing("removeVolume", () => this.#docker.getVolume(name).remove({ force: true }));
  }

  /** Creates (does not start) a container; returns its id. */
  async createContainer(spec: ContainerSpec): Promise<string> {
    const container = await dockerCall("createContainer", () =>
      this.#docker.createContainer({
        name: spec.name,
        Image: spec.image,
        Hostname: spec.hostname,
        Labels: spec.labels,
        ...(spec.env ? { Env: spec.env } : {}),
        ...(spec.cmd ? { Cmd: spec.cmd } : {}),
        HostConfig: {
          Init: spec.init ?? false,
          CapAdd: spec.capAdd ?? [],
          CapDrop: spec.capDrop ?? [],
          SecurityOpt: spec.securityOpt ?? [],
          Binds: spec.binds ?? [],
          Tmpfs: spec.tmpfs ?? {},
          ReadonlyRootfs: spec.readonlyRootfs ?? false,
          // json-file keeps `docker logs` working (waitForLine follows it); rotation bounds what it keeps.
          ...(spec.logMaxBytes
            ? { LogConfig: { Type: "json-file", Config: { "max-size": String(spec.logMaxBytes), "max-file": "1" } } }
            : {}),
          ...(spec.unmaskSystemPaths ? { MaskedPaths: [], ReadonlyPaths: [] } : {}),
          ...(spec.memoryBytes ? { Memory: spec.memoryBytes, MemorySwap: spec.memoryBytes } : {}),
          ...(spec.nanoCpus ? { NanoCpus: spec.nanoCpus } : {}),
          ...(spec.pidsLimit ? { PidsLimit: spec.pidsLimit } : {}),
          ...(spec.runtime ? { Runtime: spec.runtime } : {}),
          ...(spec.network ? { NetworkMode: spec.network.name } : {}),
        },
        ...(spec.network
          ? {
              NetworkingConfig: {
                EndpointsConfig: { [spec.network.name]: { IPAMConfig: { IPv4Address: spec.network.ipv4 } } },
              },
            }
          : {}),
      }),
    );
    return container.id;
  }

  /** Starts a created container. */
  async startContainer(id: string): Promise<void> {
    await dockerCall("startContainer", () => this.#docker.getContainer(id).start());
  }

  /** True when the container exists and is running. */
  async isRunning(id: string): Promise<boolean> {
    try {
      return (await this.#docker.getContainer(id).inspect()).State.Running;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw fromDockerError("inspectContainer", err);
    }
  }

  /** Bytes in a container's writable layer on the engine's disk (tmpfs mounts are not in it). */
  async writableLayerBytes(id: string): Promise<number> {
    // The size query is an engine option that dockerode passes through but does not type.
    const options = { size: true } as Docker.ContainerInspectOptions;
    const info = (await dockerCall("inspectContainer", () => this.#docker.getContainer(id).inspect(options))) as { SizeRw?: number };
    return info.SizeRw ?? 0;
  }

  /** Force-removes a container and its anonymous volumes; a missing one counts as removed. */
  async removeContainer(id: string): Promise<void> {
    await this.#ignoreMissing("removeContainer", () => this.#docker.getContainer(id).remove({ force: true, v: true }));
  }

  /**
   * Follows a container's output until a line equal to `ready` appears (resolves) or a line
   * starting with `failPrefix` appears, the container exits, or `timeoutMs` passes (rejects).
   */
  async waitForLine(id: string, ready: string, failPrefix: string, timeoutMs: number): Promise<void> {
    const raw = (await dockerCall("logs", () =>
      this.#docker.getContainer(id).logs({ follow: true, stdout: true, stderr: true }),
    )) as unknown as Readable;
    const out = new PassThrough();
    this.#docker.modem.demuxStream(raw, out, out);
    raw.on("end", () => out.end());
    await new Promise<void>((resolve, reject) => {
      let buffered = "";
      const finish = (err?: Error) => {
        clearTimeout(timer);
        raw.destroy();
        out.destroy();
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(
        () => finish(new LabError("LAB_ERR_SANDBOX_FAILED", "Your sandbox took too long to start. Start the lab again.")),
        timeoutMs,
      );
      out.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) {
          if (line.trim() === ready) return finish();
          if (line.startsWith(failPrefix)) {
            return finish(new LabError("LAB_ERR_SANDBOX_FAILED", undefined, { cause: new Error(line) }));
          }
        }
      });
      out.on("end", () => finish(new LabError("LAB_ERR_SANDBOX_FAILED", "Your sandbox stopped while starting. Start the lab again.")));
      out.on("error", (err) => finish(fromDockerError("logs", err)));
    });
  }

  /** Starts an interactive TTY process in a running container. */
  execTty(id: string, options: { cmd: string[]; env?: string[]; cols: number; rows: number; workdir?: string }): Promise<ExecHandle> {
    return execTty(this.#docker, id, options);
  }

  /** Runs a command to completion without a TTY, capturing its output (bounded to `maxBytes` each). */
  execCapture(id: string, cmd: string[], options: { timeoutMs: number; maxBytes?: number }): Promise<CaptureResult> {
    return execCapture(this.#docker, id, cmd, options);
  }

  /**
   * Starts a long-lived command without a TTY that reads its stdin, e.g. a helper that serves
   * requests. `onData` gets its stdout (stderr is dropped); `onEnd` runs once when it ends by itself.
   */
  execPipe(id: string, cmd: string[], onData: (chunk: Buffer) => void, onEnd: () => void): Promise<PipeHandle> {
    return execPipe(this.#docker, id, cmd, onData, onEnd);
  }

  /** Memory a container is charged right now, in bytes (cgroup usage minus page cache where known). */
  async memoryUsage(id: string): Promise<number> {
    const stats = (await dockerCall("stats", () => this.#docker.getContainer(id).stats({ stream: false }))) as {
      memory_stats?: { usage?: number; stats?: { cache?: number; inactive_file?: number; total_inactive_file?: number } };
    };
    const m = stats.memory_stats ?? {};
    const cache = m.stats?.total_inactive_file ?? m.stats?.inactive_file ?? m.stats?.cache ?? 0;
    return Math.max(0, (m.usage ?? 0) - cache);
  }

  /** Everything carrying `label` (as `key` or `key=value`). */
  async listByLabel(label: string): Promise<LabelledObjects> {
    const filters = JSON.stringify({ label: [label] });
    const [containers, networks, volumes] = await Promise.all([
      dockerCall("listContainers", () => this.#docker.listContainers({ all: true, filters })),
      dockerCall("listNetworks", () => this.#docker.listNetworks({ filters })),
      dockerCall("listVolumes", () => this.#docker.listVolumes({ filters })),
    ]);
    return {
      containers: containers.map((c) => ({
        id: c.Id,
        name: (c.Names[0] ?? "").replace(/^\//, ""),
        labels: c.Labels ?? {},
        state: c.State,
      })),
      networks: networks.map((n) => ({
        id: n.Id,
        name: n.Name,
        labels: n.Labels ?? {},
        subnets: (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? "").filter(Boolean),
      })),
      volumes: (volumes.Volumes ?? []).map((v) => ({ name: v.Name, labels: v.Labels ?? {} })),
    };
  }

  /** Subnets of every network on the engine, so new lab networks can avoid them. */
  async usedSubnets(): Promise<string[]> {
    const networks = await dockerCall("listNetworks", () => this.#docker.listNetworks());
    return networks.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? "")).filter(Boolean);
  }

  async #ignoreMissing(operation: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (!isNotFound(err)) throw fromDockerError(operation, err);
    }
  }

  async #followProgress(stream: NodeJS.ReadableStream): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#docker.modem.followProgress(stream, (err: Error | null, output: { error?: string }[]) => {
        const failed = err ?? output.find((o) => o.error);
        if (failed) reject(fromDockerError("importImage", err ?? new Error(String((failed as { error?: string }).error))));
        else resolve();
      });
    });
  }
}

function splitRef(ref: string): [string, string] {
  const at = ref.lastIndexOf(":");
  return at > 0 && !ref.slice(at).includes("/") ? [ref.slice(0, at), ref.slice(at + 1)] : [ref, "latest"];
}

function hostOptions(dockerHost: string): Docker.DockerOptions {
  const url = new URL(dockerHost);
  if (url.protocol === "unix:") return { socketPath: url.pathname };
  return { host: url.hostname, port: Number(url.port || 2375), protocol: url.protocol === "https:" ? "https" : "http" };
}
