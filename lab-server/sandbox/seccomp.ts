/**
 * The seccomp filter of a sandbox host in a user namespace. Docker's default filter cannot be used:
 * it refuses `keyctl` with EPERM, on which runc will not start a nested container. Unconfined is not used
 * either: the syscalls below reach kernel code that a sandbox never needs and that has a history of
 * bugs reachable from a user namespace, so they are refused for every process in the sandbox,
 * nested containers included (filters stack; a nested engine can only add to this one).
 *
 * Everything else is allowed. The capability checks of the kernel still apply, and they are made
 * against the sandbox's own user namespace: see profile.ts.
 */

/** Syscalls refused in a sandbox, each with why no lesson or nested engine needs it. */
const REFUSED: Readonly<Record<string, string>> = {
  // Kernel code and the machine itself: refused by capability already; refused here too.
  init_module: "loading kernel modules",
  finit_module: "loading kernel modules",
  delete_module: "unloading kernel modules",
  kexec_load: "replacing the running kernel",
  kexec_file_load: "replacing the running kernel",
  reboot: "rebooting the machine",
  swapon: "the machine's swap",
  swapoff: "the machine's swap",
  acct: "process accounting for the machine",
  settimeofday: "the machine's clock",
  clock_settime: "the machine's clock",
  clock_adjtime: "the machine's clock",
  adjtimex: "the machine's clock",
  iopl: "raw I/O ports",
  ioperm: "raw I/O ports",
  syslog: "the kernel's log",
  quotactl: "disk quotas of the machine's filesystems",
  open_by_handle_at: "opening files by handle, past mount boundaries",
  name_to_handle_at: "file handles, the other half of open_by_handle_at",
  lookup_dcookie: "kernel profiling",
  uselib: "an obsolete loader",
  // Large kernel surfaces that no lesson needs and that unprivileged exploits have leaned on.
  bpf: "eBPF programs (a nested engine on cgroup v1 does not use them)",
  perf_event_open: "performance counters",
  userfaultfd: "user-handled page faults, a staple of kernel exploits",
  io_uring_setup: "io_uring",
  io_uring_enter: "io_uring",
  io_uring_register: "io_uring",
};

/**
 * The kernel's key management, answered as if the kernel had none. Keys are charged to the
 * machine's uid, and every sandbox's root is the same uid of the machine (Docker's userns-remap has
 * one range): a learner who made keys until that uid's quota was spent would stop every other
 * learner's containers from starting, since runc makes a session keyring for each. runc carries on
 * without one when the kernel says it has no keyrings (ENOSYS), so nested containers take none.
 */
const NO_KEYRINGS = ["add_key", "keyctl", "request_key"];

/** EPERM: refused calls fail as a missing permission would, which programs handle. */
const EPERM = 1;
/** ENOSYS: the call does not exist, which runc takes as "no keyrings here". */
const ENOSYS = 38;

/** The filter as Docker's `--security-opt seccomp=` takes it (JSON text). */
export function sandboxSeccompProfile(): string {
  return JSON.stringify({
    defaultAction: "SCMP_ACT_ALLOW",
    // The machine's native ABI and the compatible ones a process could switch to.
    archMap: [
      { architecture: "SCMP_ARCH_X86_64", subArchitectures: ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
      { architecture: "SCMP_ARCH_AARCH64", subArchitectures: ["SCMP_ARCH_ARM"] },
    ],
    syscalls: [
      { names: Object.keys(REFUSED).sort(), action: "SCMP_ACT_ERRNO", errnoRet: EPERM },
      { names: NO_KEYRINGS, action: "SCMP_ACT_ERRNO", errnoRet: ENOSYS },
    ],
  });
}
