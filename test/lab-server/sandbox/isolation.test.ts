/**
 * What a sandbox cannot reach: this machine's own services, other learners' sandboxes (swarm
 * ports included), and the outer engine's socket; and what a runaway sandbox cannot take from
 * others: processes and memory.
 */
import { createSocket } from "node:dgram";
import { connect, createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { createSession, startTestServer, testConfig } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

/** Docker's default capability set (what a container gets without --cap-add). */
const DOCKER_DEFAULT_CAPS = [
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "NET_RAW",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
];
/** Linux capability names by bit number (include/uapi/linux/capability.h). */
const CAP_BITS = [
  "CHOWN",
  "DAC_OVERRIDE",
  "DAC_READ_SEARCH",
  "FOWNER",
  "FSETID",
  "KILL",
  "SETGID",
  "SETUID",
  "SETPCAP",
  "LINUX_IMMUTABLE",
  "NET_BIND_SERVICE",
  "NET_BROADCAST",
  "NET_ADMIN",
  "NET_RAW",
  "IPC_LOCK",
  "IPC_OWNER",
  "SYS_MODULE",
  "SYS_RAWIO",
  "SYS_CHROOT",
  "SYS_PTRACE",
  "SYS_PACCT",
  "SYS_ADMIN",
  "SYS_BOOT",
  "SYS_NICE",
  "SYS_RESOURCE",
  "SYS_TIME",
  "SYS_TTY_CONFIG",
  "MKNOD",
  "LEASE",
  "AUDIT_WRITE",
  "AUDIT_CONTROL",
  "SETFCAP",
  "MAC_OVERRIDE",
  "MAC_ADMIN",
  "SYSLOG",
  "WAKE_ALARM",
  "BLOCK_SUSPEND",
  "AUDIT_READ",
  "PERFMON",
  "BPF",
  "CHECKPOINT_RESTORE",
];

/** The names of the capabilities set in a /proc/PID/status mask, sorted. */
function capabilityNames(mask: bigint): string[] {
  return CAP_BITS.filter((_, bit) => (mask >> BigInt(bit)) & 1n).sort();
}

let server: LabServer;
let service: Server;
let servicePort = 0;

beforeAll(async () => {
  const base = testConfig();
  // Small limits, so that the memory hog below reaches its sandbox's limit quickly.
  server = await startTestServer({
    maxSessionsPerClient: 10,
    sandbox: { ...base.sandbox, memoryBytes: 384 * 1024 * 1024, diskBytes: 256 * 1024 * 1024 },
  });
  // A service on this machine, listening on every address, as a database or SSH would.
  service = createServer((socket) => {
    socket.on("error", () => undefined);
    socket.end("secret\n");
  });
  await new Promise<void>((resolve) => service.listen(0, "0.0.0.0", resolve));
  servicePort = (service.address() as { port: number }).port;
});
afterAll(async () => {
  service?.close();
  await server?.close();
});

async function readySession() {
  const session = await createSession(server);
  const term = await TerminalClient.open(server, session);
  await term.ready();
  const live = server.sessions.list().find((s) => s.id === session.id);
  const host = live?.sandbox?.hosts[0];
  if (!live?.sandbox || !host) throw new Error("no sandbox");
  return { term, sandbox: live.sandbox, host };
}

describe("sandbox isolation", () => {
  it("cannot reach services on this machine through its lab gateway", async () => {
    const { term, sandbox, host } = await readySession();
    const gateway = sandbox.subnet.replace(/\.0\/24$/, ".1");
    const probe = await server.engine.execCapture(host.containerId, ["nc", "-z", "-w", "2", gateway, String(servicePort)], {
      timeoutMs: 10_000,
    });
    expect(probe.exitCode).not.toBe(0);
    // The service itself is up: the same connection from this machine's loopback succeeds.
    const local = await new Promise<boolean>((resolve) => {
      const s = connect(servicePort, "127.0.0.1", () => {
        s.destroy();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    expect(local).toBe(true);
    // Nor the Docker Engine's own TCP ports, had an operator opened them.
    for (const port of ["2375", "2376"]) {
      const engine = await server.engine.execCapture(host.containerId, ["nc", "-z", "-w", "2", gateway, port], { timeoutMs: 10_000 });
      expect(engine.exitCode, `engine port ${port} answered`).not.toBe(0);
    }
    await term.close();
  });

  it("cannot reach another learner's swarm manager ports", async () => {
    const a = await readySession();
    const b = await readySession();
    await b.term.run(`docker swarm init --advertise-addr ${b.host.address} >/dev/null`);
    // Sanity: inside b's own lab, its manager port answers.
    const own = await server.engine.execCapture(b.host.containerId, ["nc", "-z", "-w", "2", b.host.address, "2377"], { timeoutMs: 10_000 });
    expect(own.exitCode).toBe(0);
    for (const port of ["2377", "7946"]) {
      const probe = await server.engine.execCapture(a.host.containerId, ["nc", "-z", "-w", "2", b.host.address, port], {
        timeoutMs: 10_000,
      });
      expect(probe.exitCode, `port ${port} of another sandbox answered`).not.toBe(0);
    }
    await a.term.close();
    await b.term.close();
  });

  it("cannot send another learner's sandbox UDP datagrams (VXLAN 4789, swarm gossip 7946)", async () => {
    const a = await readySession();
    const b = await readySession();
    const exec = (id: string, script: string) => server.engine.execCapture(id, ["sh", "-c", script], { timeoutMs: 15_000 });
    const socket = createSocket("udp4");
    const fromMachine = (port: number) => new Promise<void>((resolve) => socket.send("control", port, b.host.address, () => resolve()));
    for (const port of [4789, 7946]) {
      // Capture what reaches b's interface on the port, whether anything listens there or not.
      const cap = `/tmp/cap-${port}`;
      await exec(b.host.containerId, `tcpdump -l -n -i eth0 udp port ${port} >${cap} 2>${cap}.err & echo $! >${cap}.pid`);
      await vi.waitFor(async () => expect((await exec(b.host.containerId, `cat ${cap}.err`)).stdout).toContain("listening on"), {
        timeout: 10_000,
        interval: 100,
      });
      const lines = async () => (await exec(b.host.containerId, `cat ${cap}`)).stdout;
      // One line per packet seen ("… IP 10.213.7.1.40000 > 10.213.7.10.4789: VXLAN…" or "…: UDP, length 8").
      const packets = async () => (await lines()).split("\n").filter((l) => l.includes(" IP ")).length;
      // Sanity: a datagram from this machine (the lab network's gateway) is seen.
      await fromMachine(port);
      await vi.waitFor(async () => expect(await packets()).toBe(1), {
        timeout: 10_000,
        interval: 100,
      });
      await exec(a.host.containerId, `echo foreign | nc -u -w 1 ${b.host.address} ${port}`);
      // A second control sent after it: once that is seen, the foreign one would have been too.
      await fromMachine(port);
      await vi.waitFor(async () => expect(await packets()).toBeGreaterThanOrEqual(2), {
        timeout: 10_000,
        interval: 100,
      });
      await exec(b.host.containerId, `kill $(cat ${cap}.pid)`);
      expect(await lines(), `port ${port} got another sandbox's datagram`).not.toContain(`${a.host.address}.`);
    }
    socket.close();
    await a.term.close();
    await b.term.close();
  });

  it("never has the outer engine's socket", async () => {
    const { term, host } = await readySession();
    const info = await server.engine.execCapture(host.containerId, ["docker", "info", "--format", "{{.Name}}"], { timeoutMs: 10_000 });
    // The socket in the sandbox is its own engine's: it names the sandbox host, not this machine.
    expect(info.stdout.trim()).toBe("host1");
    await term.close();
  });

  it("gives its host Docker's default capabilities plus NET_ADMIN, SYS_ADMIN and SYS_PTRACE, and a nested container no more than the defaults", async () => {
    const { term, host } = await readySession();
    const bounding = async (cmd: string[]) => {
      const out = await server.engine.execCapture(host.containerId, cmd, { timeoutMs: 30_000 });
      const hex = /CapBnd:\s*([0-9a-f]+)/.exec(out.stdout)?.[1];
      if (!hex) throw new Error(`no CapBnd in ${out.stdout}${out.stderr}`);
      return capabilityNames(BigInt(`0x${hex}`));
    };
    // PID 1 of the host is its init: every process in the sandbox descends from it.
    expect(await bounding(["cat", "/proc/1/status"])).toEqual([...DOCKER_DEFAULT_CAPS, "NET_ADMIN", "SYS_ADMIN", "SYS_PTRACE"].sort());
    expect(await bounding(["docker", "run", "--rm", "tools", "cat", "/proc/self/status"])).toEqual([...DOCKER_DEFAULT_CAPS].sort());
    // A nested container cannot be given what the host does not have.
    const privileged = await server.engine.execCapture(
      host.containerId,
      ["docker", "run", "--rm", "--cap-add", "SYS_MODULE", "tools", "true"],
      {
        timeoutMs: 30_000,
      },
    );
    expect(privileged.exitCode).not.toBe(0);
    await term.close();
  });

  it("keeps a fork bomb in one sandbox from disturbing another learner", async () => {
    const victim = await readySession();
    const bomber = await readySession();
    // Far more processes than the sandbox's limit; they end by themselves.
    const bomb = server.engine.execCapture(
      bomber.host.containerId,
      ["sh", "-c", "i=0; while [ $i -lt 3000 ]; do sleep 20 & i=$((i+1)); done"],
      { timeoutMs: 30_000 },
    );
    const pidsFile = `/sys/fs/cgroup/pids/docker/${bomber.host.containerId}/pids.current`;
    expect(await victim.term.run("echo still-responsive", 20_000)).toContain("still-responsive");
    const { readFile } = await import("node:fs/promises");
    const current = await readFile(pidsFile, "utf8").catch(() => undefined);
    if (current !== undefined) expect(Number(current)).toBeLessThanOrEqual(1024);
    await bomb;
    await victim.term.close();
    await bomber.term.close();
  });

  it("counts nested containers' processes against the sandbox's own limit", async () => {
    const { term, host } = await readySession();
    // Read on the machine: the sandbox's own cgroup (cgroup v1 layout, or v2's under systemd or not).
    const { readFile } = await import("node:fs/promises");
    const candidates = [
      `/sys/fs/cgroup/pids/docker/${host.containerId}/pids.current`,
      `/sys/fs/cgroup/system.slice/docker-${host.containerId}.scope/pids.current`,
      `/sys/fs/cgroup/docker/${host.containerId}/pids.current`,
    ];
    const count = async () => {
      for (const path of candidates) {
        const text = await readFile(path, "utf8").catch(() => undefined);
        if (text !== undefined) return Number(text.trim());
      }
      throw new Error(`no pids.current for the sandbox among ${candidates.join(", ")}`);
    };
    const before = await count();
    expect(before).toBeGreaterThan(0);
    await term.run("docker run -d --name crowd tools sh -c 'for i in $(seq 60); do sleep 600 & done; wait' >/dev/null");
    await vi.waitFor(async () => expect(await count()).toBeGreaterThanOrEqual(before + 60), { timeout: 20_000, interval: 200 });
    await term.run("docker rm -f crowd >/dev/null");
    await term.close();
  });

  it("keeps a memory hog in one sandbox to that sandbox: the hog is stopped, its engine and other learners go on", async () => {
    const victim = await readySession();
    const hog = await readySession();
    // busybox tail keeps an endless line in memory: it grows until the sandbox's limit stops it.
    const ran = hog.term.run("docker run --rm --name hog tools sh -c 'head -c 100000m /dev/zero | tail'; echo hog-exit-$?", 120_000);
    expect(await victim.term.run("echo still-responsive", 20_000)).toContain("still-responsive");
    expect(await ran).toMatch(/hog-exit-(137|1)/);
    expect(await hog.term.run("docker ps --format '{{.Names}}' && echo engine-ok", 30_000)).toContain("engine-ok");
    await victim.term.close();
    await hog.term.close();
  });
});
