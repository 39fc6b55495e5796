/**
 * How a sandbox host container is isolated. Two profiles:
 *
 * - `runc` (default, works on a stock engine): Docker's default capability set plus exactly two:
 *   CAP_NET_ADMIN, for the nested engine to create bridges, veth pairs, routes, iptables/NAT rules,
 *   VXLAN overlays and macvlan links; and CAP_SYS_ADMIN, to mount overlayfs, proc and sysfs for
 *   nested containers and create their namespaces (also what lets `nsenter` work inside the lab).
 *   No seccomp or AppArmor profile (both block the mount and namespace calls a container runtime
 *   makes), /proc and /sys unmasked (the nested engine writes /proc/sys settings such as
 *   ip_forward), and the cgroup tree writable (it creates cgroups for its containers). Never
 *   --privileged: no host devices, and no CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_SYS_TIME, CAP_SYS_BOOT
 *   and the rest. CAP_SYS_ADMIN is still close to root on the machine: use this profile on a machine
 *   dedicated to labs.
 * - `sysbox` (set SWITCHYARD_RUNTIME=sysbox-runc on an engine that has Sysbox): the container is
 *   a system container in a user namespace: root inside is an unprivileged user outside, no extra
 *   capabilities or unconfined profiles are granted, and nested Docker still works.
 *
 * In both, the outer engine's socket is never mounted, and each sandbox sits on an internal lab
 * network of its own (no route out, no route to other learners' networks).
 *
 * Disk (disk.ts, the same in both): the root filesystem is read-only and every writable path a
 * size-capped tmpfs, so a sandbox host cannot write more than its disk budget anywhere. tmpfs is
 * RAM, charged to the memory cgroup of whoever writes it: the disk budget counts against the
 * memory limit, which provisioning therefore raises by the budget.
 */

/** Container options for a sandbox host under a given OCI runtime. */
export interface IsolationOptions {
  capAdd: string[];
  capDrop: string[];
  securityOpt: string[];
  binds: string[];
  /** When true, /proc and /sys are not masked (the CLI's `--security-opt systempaths=unconfined`). */
  unmaskSystemPaths: boolean;
  runtime?: string;
}

/** The capabilities the runc profile adds to Docker's default set; see the module comment. */
const NESTED_ENGINE_CAPABILITIES = ["NET_ADMIN", "SYS_ADMIN"] as const;

/** Options for the runc profile; see the module comment. */
export function isolationFor(runtime: string | undefined): IsolationOptions {
  if (runtime && runtime !== "runc") {
    return { capAdd: [], capDrop: [], securityOpt: [], binds: [], unmaskSystemPaths: false, runtime };
  }
  return {
    // Docker's default set stays as it is; these two are all a nested engine needs on top (see above).
    // Everything else (SYS_MODULE, SYS_RAWIO, SYS_PTRACE, SYS_TIME, BPF, PERFMON, DAC_READ_SEARCH, ...)
    // stays out of the bounding set, so no process in the sandbox, nested containers included, can have it.
    capAdd: [...NESTED_ENGINE_CAPABILITIES],
    capDrop: [],
    securityOpt: ["seccomp=unconfined", "apparmor=unconfined"],
    // The nested engine writes /proc/sys (ip_forward, bridge settings) for its networks.
    unmaskSystemPaths: true,
    // The nested engine creates cgroups for its containers; on cgroup v1 machines the tree must be writable.
    binds: ["/sys/fs/cgroup:/sys/fs/cgroup:rw"],
  };
}
