/**
 * A sandbox host's disk: its root filesystem is read-only, and every path it writes is a tmpfs
 * with a size cap, so the kernel refuses writes past the budget with "No space left on device"
 * instead of letting a learner fill the machine's disk. The caps add up to the budget exactly.
 *
 * tmpfs lives in RAM: its pages are charged to the memory cgroup of the process that writes them,
 * which is why provisioning raises the host's memory limit by the disk budget (see sandbox.ts).
 */

/** A writable path other than the nested engine's data, with its share of the budget. */
interface SmallMount {
  readonly path: string;
  /** Fraction of the budget, as 1/divisor. */
  readonly divisor: number;
  readonly mode: string;
  /** Learners run scripts from these. */
  readonly exec: boolean;
}

/** Where the nested engine keeps images, containers, volumes and swarm state: the rest of the budget. */
export const ENGINE_DATA_PATH = "/var/lib/docker";

const SMALL_MOUNTS: readonly SmallMount[] = [
  // Learners' own files: compose projects, Dockerfiles, shell history.
  { path: "/root", divisor: 16, mode: "0755", exec: true },
  { path: "/tmp", divisor: 32, mode: "1777", exec: true },
  { path: "/var/tmp", divisor: 64, mode: "1777", exec: true },
  // The nested engine's sockets, pid files, containerd state and network namespaces; /run/netns.
  { path: "/run", divisor: 64, mode: "0755", exec: false },
  // dockerd.log, which lessons grep.
  { path: "/var/log", divisor: 64, mode: "0755", exec: false },
];

const PAGE = 4096;

/** Container options that give a sandbox host `diskBytes` of writable space and no more. */
export interface SandboxDisk {
  readonlyRootfs: true;
  /** Mount path → tmpfs options, as Docker's HostConfig.Tmpfs takes them. */
  tmpfs: Record<string, string>;
}

/** Splits `diskBytes` over the host's writable paths; the nested engine's data gets what the small ones leave. */
export function sandboxDisk(diskBytes: number): SandboxDisk {
  const tmpfs: Record<string, string> = {};
  let rest = diskBytes;
  for (const mount of SMALL_MOUNTS) {
    // Whole pages: the kernel rounds a tmpfs size up to one, which would overshoot the budget.
    const size = Math.floor(diskBytes / mount.divisor / PAGE) * PAGE;
    rest -= size;
    tmpfs[mount.path] = options(size, mount.mode, mount.exec);
  }
  // exec: nested containers' volumes are bind mounts from here and keep its mount flags.
  tmpfs[ENGINE_DATA_PATH] = options(Math.floor(rest / PAGE) * PAGE, "0710", true);
  return { readonlyRootfs: true, tmpfs };
}

function options(size: number, mode: string, exec: boolean): string {
  // Docker adds noexec, nosuid and nodev by default; "exec" lifts only the first.
  return [`size=${size}`, `mode=${mode}`, ...(exec ? ["exec"] : [])].join(",");
}
