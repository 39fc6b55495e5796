/**
 * Choosing how sandboxes are isolated from what the engine offers: a user namespace when the
 * engine remaps, a runtime that makes one when asked for, the unisolated profile only when opted
 * into, and otherwise a refusal that says what to do. And what each profile asks of the engine.
 */
import { describe, expect, it } from "vitest";
import { LabError } from "../../../../lab-server/errors.ts";
import { chooseIsolation } from "../../../../lab-server/sandbox/isolation.ts";
import { isolationFor } from "../../../../lab-server/sandbox/profile.ts";
import { sandboxSeccompProfile } from "../../../../lab-server/sandbox/seccomp.ts";

const plain = { userns: false, runtimes: ["runc"] };
const remapped = { userns: true, runtimes: ["runc"] };
const defaults = { runtime: undefined, allowUnisolated: false };

function refusal(run: () => unknown): LabError {
  try {
    run();
  } catch (err) {
    if (err instanceof LabError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("chooseIsolation", () => {
  it("uses the engine's user namespaces when it remaps", () => {
    expect(chooseIsolation(remapped, defaults)).toBe("userns");
    // The opt-in changes nothing where isolation is to be had.
    expect(chooseIsolation(remapped, { ...defaults, allowUnisolated: true })).toBe("userns");
  });

  it("refuses an engine without user namespaces, saying what to do", () => {
    const error = refusal(() => chooseIsolation(plain, defaults));
    expect(error.code).toBe("LAB_ERR_ISOLATION_UNAVAILABLE");
    expect(error.message).toMatch(/user namespaces/);
  });

  it("runs unisolated sandboxes only when opted into", () => {
    expect(chooseIsolation(plain, { ...defaults, allowUnisolated: true })).toBe("unisolated");
  });

  it("takes a runtime that makes a user namespace of its own, and refuses one the engine lacks", () => {
    expect(chooseIsolation({ userns: false, runtimes: ["runc", "sysbox-runc"] }, { ...defaults, runtime: "sysbox-runc" })).toBe("runtime");
    const error = refusal(() => chooseIsolation(plain, { ...defaults, runtime: "sysbox-runc" }));
    expect(error.code).toBe("LAB_ERR_ISOLATION_UNAVAILABLE");
    expect(error.message).toContain("sysbox-runc");
    // Another runtime gives no namespace by itself: the engine's remapping still decides.
    expect(chooseIsolation({ userns: true, runtimes: ["runc", "runsc"] }, { ...defaults, runtime: "runsc" })).toBe("userns");
    expect(() => chooseIsolation({ userns: false, runtimes: ["runc", "runsc"] }, { ...defaults, runtime: "runsc" })).toThrow(LabError);
  });
});

describe("isolationFor", () => {
  it("gives a user-namespaced host the nested engine's three capabilities, a seccomp filter and no machine cgroups", () => {
    const options = isolationFor("userns");
    expect(options.capAdd.sort()).toEqual(["NET_ADMIN", "SYS_ADMIN", "SYS_PTRACE"]);
    expect(options.binds).toEqual([]);
    expect(options.securityOpt).not.toContain("seccomp=unconfined");
    const seccomp = options.securityOpt.find((o) => o.startsWith("seccomp="));
    const profile = JSON.parse(seccomp!.slice("seccomp=".length)) as {
      defaultAction: string;
      syscalls: { names: string[]; action: string; errnoRet: number }[];
    };
    expect(profile.defaultAction).toBe("SCMP_ACT_ALLOW");
    const answer = (name: string) => profile.syscalls.find((s) => s.names.includes(name))?.errnoRet;
    for (const name of ["init_module", "finit_module", "kexec_load", "open_by_handle_at", "userfaultfd", "io_uring_setup", "bpf"]) {
      expect(answer(name), name).toBe(1);
    }
    // Keys are charged to the machine uid all sandboxes share: "no such call", which runc accepts.
    for (const name of ["keyctl", "add_key", "request_key"]) expect(answer(name), name).toBe(38);
    // A nested engine needs these for its containers' namespaces and mounts.
    for (const name of ["unshare", "mount", "setns", "clone"]) expect(answer(name), name).toBeUndefined();
    expect(seccomp!.slice("seccomp=".length)).toBe(sandboxSeccompProfile());
  });

  it("asks nothing extra under a runtime, and mounts the machine's cgroup tree only when unisolated", () => {
    expect(isolationFor("runtime", "sysbox-runc")).toEqual({
      capAdd: [],
      capDrop: [],
      securityOpt: [],
      binds: [],
      unmaskSystemPaths: false,
      runtime: "sysbox-runc",
    });
    expect(isolationFor("unisolated").binds).toEqual(["/sys/fs/cgroup:/sys/fs/cgroup:rw"]);
  });
});
