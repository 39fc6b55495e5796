/**
 * How a sandbox host container is isolated. A learner is root in their sandbox host, and that root
 * must be nobody on the machine. Three profiles, picked by isolation.ts from what the engine offers:
 *
 * - `userns` (the default; needs an engine started with `--userns-remap`, as `./switchyard setup`
 *   starts it): the host runs in a user namespace whose root is an unprivileged uid of the machine
 *   (100000 with Docker's `default` remap). Its capabilities, Docker's defaults plus CAP_NET_ADMIN
 *   (bridges, veth pairs, routes, NAT rules, VXLAN and macvlan links), CAP_SYS_ADMIN (mounts and
 *   namespaces for nested containers) and CAP_SYS_PTRACE (runc 1.2 and later open the namespaces of
 *   a container they start, which the kernel keeps non-dumpable meanwhile: without it
 *   `--network container:NAME` fails), hold only over namespaces that user namespace owns: its own
 *   network, mounts, processes and hostname. Kernel-global files (`/proc/sys/kernel`, `/proc/sys/vm`,
 *   `/sys/kernel`), cgroup files and device nodes belong to the machine's root and stay out of
 *   reach even though `/proc` and `/sys` are unmasked (a nested engine must mount fresh ones for
 *   its containers, which the kernel refuses under masked paths). No cgroup tree is mounted
 *   writable: the nested engine's runtime starts containers without cgroups of their own (the
 *   image's /usr/local/sbin/runc), so nested containers stay in the host's own cgroup and inside
 *   its limits. A seccomp filter (seccomp.ts) refuses the
 *   syscalls no sandbox needs.
 * - `runtime` (SWITCHYARD_RUNTIME=sysbox-runc, on engines with Sysbox): the runtime puts the host
 *   in a user namespace of its own and gives it a private cgroup tree; no extra capabilities or
 *   unconfined options are asked for.
 * - `unisolated` (only with SWITCHYARD_UNISOLATED_SANDBOXES=1): the profile for an engine without
 *   user namespaces, for one person on a machine of their own. The host's root IS the machine's
 *   root with CAP_SYS_ADMIN, unmasked /proc and the machine's cgroup tree writable: a learner can
 *   take over the machine and every other sandbox. Never for a site strangers use.
 *
 * In every profile: never --privileged, the outer engine's socket is never mounted, and each
 * sandbox sits on an internal lab network of its own (no route out, none to other learners).
 *
 * Disk (disk.ts, the same in all): the root filesystem is read-only and every writable path a
 * size-capped tmpfs. tmpfs is RAM, charged to the memory cgroup of whoever writes it: the disk
 * budget counts against the memory limit, which provisioning therefore raises by the budget.
 */
import { sandboxSeccompProfile } from "./seccomp.ts";

/** How sandbox hosts are separated from the machine and each other. */
export type IsolationMode = "userns" | "runtime" | "unisolated";

/** Container options for a sandbox host under one isolation mode. */
export interface IsolationOptions {
  capAdd: string[];
  capDrop: string[];
  securityOpt: string[];
  binds: string[];
  /** When true, /proc and /sys are not masked (the CLI's `--security-opt systempaths=unconfined`). */
  unmaskSystemPaths: boolean;
  runtime?: string;
}

/** The capabilities a nested engine needs on top of Docker's default set; see the module comment. */
const NESTED_ENGINE_CAPABILITIES = ["NET_ADMIN", "SYS_ADMIN", "SYS_PTRACE"] as const;

/** Options for `mode`; `runtime` is the OCI runtime named for the `runtime` mode. */
export function isolationFor(mode: IsolationMode, runtime?: string): IsolationOptions {
  switch (mode) {
    case "runtime":
      return { capAdd: [], capDrop: [], securityOpt: [], binds: [], unmaskSystemPaths: false, ...(runtime ? { runtime } : {}) };
    case "userns":
      return {
        // Docker's default set stays as it is; everything else (SYS_MODULE, SYS_RAWIO,
        // SYS_TIME, BPF, ...) stays out of the bounding set, and what is in it counts only inside
        // the sandbox's user namespace.
        capAdd: [...NESTED_ENGINE_CAPABILITIES],
        capDrop: [],
        // AppArmor's docker-default profile refuses the mounts a nested engine makes; machines
        // without AppArmor ignore the option.
        securityOpt: [`seccomp=${sandboxSeccompProfile()}`, "apparmor=unconfined"],
        unmaskSystemPaths: true,
        binds: [],
      };
    case "unisolated":
      return {
        capAdd: [...NESTED_ENGINE_CAPABILITIES],
        capDrop: [],
        securityOpt: ["seccomp=unconfined", "apparmor=unconfined"],
        unmaskSystemPaths: true,
        // Without a user namespace the nested engine makes real cgroups: the machine's tree, writable.
        binds: ["/sys/fs/cgroup:/sys/fs/cgroup:rw"],
      };
  }
}
