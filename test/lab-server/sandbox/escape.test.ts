/**
 * The escape suite: from a learner's root shell, in a real sandbox, through the real terminal,
 * each known road from container root to the machine or to other learners is tried and must be
 * closed. Nothing here harms the machine when a road is open: kernel settings are written back
 * with the value they had, and device nodes and modules are only asked for.
 *
 * Network roads (the machine's services, other sandboxes, the engine's ports) and resource roads
 * (fork bomb, memory hog, disk fill) are in isolation.test.ts and disk-quota.test.ts.
 */

import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { createSession, startTestServer } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

/**
 * Kernel settings under /proc/sys (outside net/, which belongs to the sandbox's own network
 * namespace) that a namespace of the sandbox's own holds a private copy of: IPC limits and ids,
 * the message-queue filesystem, the process-id namespace's last and largest id (per namespace since
 * Linux 6.14), the UTS names and the user namespace's own limits. Every other file must refuse.
 */
const NAMESPACED_SYSCTL =
  /^\/proc\/sys\/(fs\/mqueue\/.*|kernel\/(auto_msgmni|msg\w*|sem\w*|shm\w*|ns_last_pid|pid_max|hostname|domainname)|user\/.*)$/;

/** A learner's program that asks the kernel for keys. */
const MAKE_KEY_SOURCE = resolve(import.meta.dirname, "../../fixtures/keys/make-key.c");

let server: LabServer;
let term: TerminalClient;
let containerId = "";

beforeAll(async () => {
  server = await startTestServer();
  const session = await createSession(server);
  term = await TerminalClient.open(server, session);
  await term.ready();
  const host = server.sessions.list().find((s) => s.id === session.id)?.sandbox?.hosts[0];
  if (!host) throw new Error("no sandbox host");
  containerId = host.containerId;
});
afterAll(async () => {
  await term?.close();
  await server?.close();
});

/**
 * Types `script` into the learner's shell and returns what it printed. The script travels base64
 * encoded, so the echo of the typed line cannot be mistaken for its output.
 */
async function asLearner(script: string, timeoutMs = 60_000): Promise<string[]> {
  const encoded = Buffer.from(script).toString("base64");
  const out = await term.run(`echo ${encoded} | base64 -d | bash 2>&1`, timeoutMs);
  return out
    .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, "g"), "")
    .replace(/\r/g, "")
    .split("\n")
    .slice(1)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The lines of `lines` that start with `tag `, without the tag. */
function tagged(lines: string[], tag: string): string[] {
  return lines.filter((l) => l.startsWith(`${tag} `)).map((l) => l.slice(tag.length + 1));
}

describe("escape suite: a learner's root shell", () => {
  it("is root only in a user namespace of its own, whose root is an unprivileged user of the machine", async () => {
    const lines = await asLearner(
      [
        `echo "uid $(head -n 1 /proc/self/uid_map)"`,
        `echo "gid $(head -n 1 /proc/self/gid_map)"`,
        `echo "userns $(readlink /proc/self/ns/user)"`,
        `echo "whoami $(id -u)"`,
        `echo "seccomp $(awk '/^Seccomp:/ { print $2 }' /proc/self/status)"`,
        `echo "nested-uid $(docker run --rm tools head -n 1 /proc/self/uid_map)"`,
        // busybox has no readlink applet; ls shows the link's target.
        `echo "nested-userns $(docker run --rm tools ls -l /proc/self/ns/user | grep -o 'user:.*')"`,
      ].join("\n"),
    );
    const mapping = (tag: string) => (tagged(lines, tag)[0] ?? "").trim().split(/\s+/).map(Number);
    expect(tagged(lines, "whoami")).toEqual(["0"]);
    // 2: a seccomp filter is in force (profile.ts, seccomp.ts).
    expect(tagged(lines, "seccomp")).toEqual(["2"]);
    for (const tag of ["uid", "gid", "nested-uid"]) {
      const [inside, outside, count] = mapping(tag);
      expect(inside, `${tag}: ${lines.join(" | ")}`).toBe(0);
      // Root inside is a high, unprivileged id outside, and no id maps to the machine's root.
      expect(outside, `${tag} maps root to the machine's root`).toBeGreaterThanOrEqual(1000);
      expect(count).toBeLessThan(2 ** 32 - 1);
    }
    const machine = readlinkSync("/proc/self/ns/user");
    expect(tagged(lines, "userns")[0]).toMatch(/^user:\[\d+\]$/);
    expect(tagged(lines, "userns")[0]).not.toBe(machine);
    // A nested container shares the sandbox's namespace: no further up than the sandbox.
    expect(tagged(lines, "nested-userns")[0]).toBe(tagged(lines, "userns")[0]);
  });

  it("cannot write kernel-global settings: core_pattern, /proc/sys/kernel, vm, fs, and /proc/sysrq-trigger", async () => {
    const before = readFileSync("/proc/sys/kernel/core_pattern", "utf8");
    const lines = await asLearner(
      [
        // Write back the value each file has: a setting that took it is unchanged, and open.
        "for f in $(find /proc/sys -path /proc/sys/net -prune -o -type f -print 2>/dev/null); do",
        '  v=$(cat "$f" 2>/dev/null) || { [ -w "$f" ] && echo "writable $f"; continue; }',
        '  printf "%s\\n" "$v" > "$f" 2>/dev/null && echo "writable $f"',
        "done",
        'if [ -e /proc/sysrq-trigger ] && [ -w /proc/sysrq-trigger ]; then echo "writable /proc/sysrq-trigger"; fi',
        'printf "%s\\n" "$(cat /proc/sys/kernel/core_pattern)" > /proc/sys/kernel/core_pattern && echo "core-pattern written" || echo "core-pattern refused"',
        "echo checked $(find /proc/sys -path /proc/sys/net -prune -o -type f -print 2>/dev/null | wc -l)",
      ].join("\n"),
      120_000,
    );
    expect(tagged(lines, "core-pattern")).toEqual(["refused"]);
    // The walk really ran over the kernel's settings.
    expect(Number(tagged(lines, "checked")[0])).toBeGreaterThan(100);
    const open = tagged(lines, "writable").filter((path) => !NAMESPACED_SYSCTL.test(path));
    expect(open, "kernel-global settings a learner can write").toEqual([]);
    expect(readFileSync("/proc/sys/kernel/core_pattern", "utf8")).toBe(before);
  });

  it("cannot write /sys/kernel or any other of the machine's sysfs files", async () => {
    const lines = await asLearner(
      [
        // Network devices' files belong to the sandbox's own network namespace; all else is the machine's.
        "find /sys -xdev -type f -writable 2>/dev/null | grep -v -E '/net/' | sed 's/^/writable /'",
        "echo kernel-files $(find /sys/kernel -type f 2>/dev/null | wc -l)",
      ].join("\n"),
      120_000,
    );
    expect(Number(tagged(lines, "kernel-files")[0])).toBeGreaterThan(0);
    expect(tagged(lines, "writable")).toEqual([]);
  });

  it("cannot write any cgroup file: release_agent, devices.allow, its own limits, other sandboxes' groups", async () => {
    const lines = await asLearner(
      [
        "find /sys/fs/cgroup -mindepth 1 -writable 2>/dev/null | sed 's/^/writable /'",
        "echo seen $(find /sys/fs/cgroup -mindepth 1 -type f | wc -l)",
        "echo release-agents $(find /sys/fs/cgroup -name release_agent | wc -l)",
        'echo a > /sys/fs/cgroup/devices/devices.allow 2>/dev/null && echo "devices-allow widened" || echo "devices-allow refused"',
        'echo max > /sys/fs/cgroup/pids/pids.max 2>/dev/null && echo "pids-max raised" || echo "pids-max refused"',
        // A fresh mount of a cgroup v1 hierarchy, whose root holds release_agent, is refused. From a
        // cgroup namespace of the learner's own one may be mounted, but its root is the sandbox's
        // own group: no release_agent, and nothing in it writable.
        "mkdir -p /tmp/cg",
        'mount -t cgroup -o memory cgroup /tmp/cg 2>/dev/null && echo "v1-mount allowed" || echo "v1-mount refused"',
        `unshare --cgroup --mount sh -c 'mount -t cgroup -o pids cgroup /tmp/cg && echo "ns-mount max $(cat /tmp/cg/pids.max)" && find /tmp/cg -writable -o -name release_agent | sed "s/^/ns-mount open /"'`,
      ].join("\n"),
    );
    expect(Number(tagged(lines, "seen")[0])).toBeGreaterThan(0);
    expect(tagged(lines, "writable")).toEqual([]);
    expect(tagged(lines, "devices-allow")).toEqual(["refused"]);
    expect(tagged(lines, "pids-max")).toEqual(["refused"]);
    expect(tagged(lines, "v1-mount")).toEqual(["refused"]);
    const nsMount = tagged(lines, "ns-mount");
    expect(nsMount.filter((l) => l.startsWith("open "))).toEqual([]);
    if (nsMount.length > 0) expect(nsMount).toEqual(["max 1024"]);
    // Only its own groups are visible: no hierarchy root (where release_agent lives), no siblings.
    expect(tagged(lines, "release-agents")).toEqual(["0"]);
    // Its limits, as the machine sees them, are the ones it was given.
    const pidsMax = readFileSync(`/sys/fs/cgroup/pids/docker/${containerId}/pids.max`, "utf8").trim();
    expect(pidsMax).toBe("1024");
  });

  it("cannot make a device node for the machine's disks, nor mount one", async () => {
    const lines = await asLearner(
      [
        "for d in /sys/dev/block/*; do",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
        '  n=$(basename "$d"); maj=${n%%:*}; min=${n##*:}',
        '  if mknod /tmp/disk b "$maj" "$min" 2>/dev/null; then echo "mknod allowed $n"; rm -f /tmp/disk; else echo "mknod refused $n"; fi',
        "done",
        'mknod /tmp/mem c 1 1 2>/dev/null && echo "mem allowed" || echo "mem refused"',
        "ls /dev | tr '\\n' ' ' | sed 's/^/devices /'; echo",
      ].join("\n"),
    );
    expect(tagged(lines, "mknod").length, "the machine has block devices to try").toBeGreaterThan(0);
    expect(tagged(lines, "mknod").filter((l) => l.startsWith("allowed"))).toEqual([]);
    expect(tagged(lines, "mem")).toEqual(["refused"]);
    // The sandbox's /dev holds no disk or memory device of the machine's.
    const devices = (tagged(lines, "devices")[0] ?? "").split(/\s+/);
    expect(devices.filter((d) => /^(sd|vd|xvd|nvme|hd|loop|mem|kmem|port|dm-|mapper)/.test(d))).toEqual([]);
  });

  it("cannot load a kernel module, from the host or from a nested container", async () => {
    const lines = await asLearner(
      [
        // Not a real module: a kernel that took the call would answer "invalid module format".
        "printf 'not-a-module' > /tmp/m.ko",
        "echo host $(docker run --rm -v /tmp/m.ko:/m.ko tools busybox insmod /m.ko 2>&1)",
        "echo nested-cap $(docker run --rm --cap-add SYS_MODULE -v /tmp/m.ko:/m.ko tools busybox insmod /m.ko 2>&1 | head -n 1)",
      ].join("\n"),
    );
    expect(tagged(lines, "host")[0]).toMatch(/not permitted|not implemented/i);
    expect(tagged(lines, "host")[0]).not.toMatch(/invalid module format|exec format/i);
    // A nested container cannot be given the capability at all.
    expect(tagged(lines, "nested-cap")[0]).not.toMatch(/invalid module format|exec format/i);
  });

  it("mounting / into a nested container shows the sandbox's own files, not the machine's", async () => {
    // A file on the machine's disk, at a path the sandbox's image does not have.
    const dir = resolve(process.cwd(), ".data", `escape-${randomBytes(4).toString("hex")}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, "marker"), "machine\n");
    try {
      // One nested container answers all three, so one failed start cannot pass for an answer.
      const lines = await asLearner(
        [
          "docker run --rm -v /:/host tools sh -c '",
          `  echo "marker $(cat /host${dir}/marker 2>/dev/null || echo absent)"`,
          '  echo "hostname $(cat /host/etc/hostname)"',
          '  test -x /host/usr/local/sbin/switchyard-host-init && echo "init sandbox" || echo "init other"',
          "'",
        ].join("\n"),
      );
      const seen = lines.join(" | ");
      expect(tagged(lines, "marker"), seen).toEqual(["absent"]);
      expect(tagged(lines, "hostname"), seen).toEqual(["host1"]);
      expect(tagged(lines, "init"), seen).toEqual(["sandbox"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("cannot make kernel keys from its shell, which would spend the quota every sandbox's machine uid shares", async () => {
    // A program of the learner's own that asks for keys (test/fixtures/keys/make-key.c), built on
    // this machine and typed into the shell.
    const dir = mkdtempSync(join(tmpdir(), "switchyard-keys-"));
    try {
      const binary = join(dir, "make-key");
      execFileSync("gcc", ["-static", "-nostdlib", "-O2", "-s", "-Wl,--build-id=none", "-o", binary, MAKE_KEY_SOURCE]);
      // Sanity: on this machine, outside any sandbox, the program does make keys.
      expect(execFileSync(binary, { encoding: "utf8" })).toBe("add_key made\nkeyctl made\n");
      const encoded = readFileSync(binary).toString("base64");
      const lines = await asLearner(`echo ${encoded} | base64 -d > /tmp/make-key && chmod +x /tmp/make-key && /tmp/make-key`);
      // 38: ENOSYS, as on a kernel without keys.
      expect(lines.filter((l) => /^(add_key|keyctl) /.test(l))).toEqual(["add_key refused 38", "keyctl refused 38"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes none of the kernel keys that every sandbox's machine uid shares, however many containers it runs", async () => {
    // The machine uid of the sandbox's root, and that uid's keys as the machine counts them
    // (/proc/key-users: "uid: usage nkeys/ninstantiated ...").
    const [, outside] = (await asLearner("head -n 1 /proc/self/uid_map"))[0]!.trim().split(/\s+/).map(Number);
    const keys = () => {
      const line = readFileSync("/proc/key-users", "utf8")
        .split("\n")
        .find((l) => l.trim().startsWith(`${outside}:`));
      return line ? Number(/(\d+)\/\d+/.exec(line.split(":")[1]!)?.[1]) : 0;
    };
    const before = keys();
    const NESTED = 20;
    const lines = await asLearner(
      [
        `for i in $(seq ${NESTED}); do docker run -d --name keyless$i tools sleep 600 >/dev/null; done`,
        "echo running $(docker ps -q --filter name=keyless | wc -l)",
      ].join("\n"),
      120_000,
    );
    expect(tagged(lines, "running")).toEqual([String(NESTED)]);
    // runc made no session keyring for them: the kernel said it has none (seccomp.ts). Sandboxes
    // that other tests start meanwhile take one key per host, far fewer than one per container here.
    expect(keys() - before).toBeLessThan(NESTED);
    await asLearner("docker rm -f $(docker ps -q --filter name=keyless) >/dev/null", 120_000);
  });

  it("sees no process outside the sandbox, so cannot ptrace one or enter its root", async () => {
    const lines = await asLearner(
      [
        "self=$(readlink /proc/self/ns/user)",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
        'for p in /proc/[0-9]*; do n=$(readlink $p/ns/user 2>/dev/null) || continue; [ "$n" = "$self" ] || echo "foreign ${p#/proc/} $n"; done',
        "echo processes $(ls -d /proc/[0-9]* | wc -l)",
        "echo pid1 $(tr '\\0' ' ' < /proc/1/cmdline)",
        // The machine's init would be pid 1 of the machine: here pid 1 is the sandbox's own.
        'ls /proc/1/root/usr/local/sbin/switchyard-host-init >/dev/null 2>&1 && echo "root1 sandbox" || echo "root1 other"',
      ].join("\n"),
    );
    expect(Number(tagged(lines, "processes")[0])).toBeGreaterThan(3);
    expect(tagged(lines, "foreign")).toEqual([]);
    expect(tagged(lines, "pid1")[0]).toMatch(/docker-init|tini|init/);
    expect(tagged(lines, "root1")).toEqual(["sandbox"]);
  });
});
