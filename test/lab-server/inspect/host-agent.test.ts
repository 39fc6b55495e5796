import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PipeHandle } from "../../../lab-server/docker/engine.ts";
import { SandboxAgents } from "../../../lab-server/inspect/agents.ts";
import { AgentUnavailable, HostAgent } from "../../../lab-server/inspect/host-agent.ts";
import { startSandbox, type TestSandbox } from "../../helpers/sandbox.ts";

let lab: TestSandbox;
let hostId: string;

beforeAll(async () => {
  lab = await startSandbox(["host1"]);
  hostId = lab.sandbox.hosts[0]!.containerId;
}, 120_000);

afterAll(async () => {
  await lab?.destroy();
});

/** Helpers running in the host now: started from outside its process namespace (parent 0), by name. */
async function helperCount(): Promise<number> {
  const out = await lab.sh("pgrep -c -P 0 -f '[s]witchyard-helper' || true");
  return Number(out.trim());
}

/** Ends every helper process in the host, as a learner could. */
const KILL_HELPERS = "pkill -KILL -f '[s]witchyard-helper'";

describe("host helper", () => {
  it("runs commands with their own status, stdout and stderr, arguments unexpanded", async () => {
    const agent = new HostAgent(lab.engine, hostId);
    try {
      const ok = await agent.run(["sh", "-c", "printf 'one\\ntwo'; printf 'err' >&2; exit 3"], { timeoutMs: 10_000 });
      expect(ok).toEqual({ exitCode: 3, stdout: "one\ntwo", stderr: "err", timedOut: false });
      const quoted = await agent.run(["printf", "%s", "it's $(id) `id`"], { timeoutMs: 10_000 });
      expect(quoted.stdout).toBe("it's $(id) `id`");
      const engine = await agent.run(["docker", "info", "--format", "{{.Swarm.LocalNodeState}}"], { timeoutMs: 10_000 });
      expect(engine).toMatchObject({ exitCode: 0, stdout: "inactive\n" });
    } finally {
      agent.close();
    }
  });

  it("keeps concurrent replies apart, including multibyte text and output that looks like a reply", async () => {
    const agent = new HostAgent(lab.engine, hostId);
    try {
      const runs = Array.from({ length: 24 }, (_, i) =>
        agent.run(["sh", "-c", `sleep 0.$((${i} % 3)); printf '1 0 5 0\\n%sé\\n' ${i}; head -c ${1000 * i} /dev/zero | tr '\\0' x`], {
          timeoutMs: 20_000,
        }),
      );
      const results = await Promise.all(runs);
      results.forEach((r, i) => {
        expect(r.exitCode).toBe(0);
        expect(r.stdout).toBe(`1 0 5 0\n${i}é\n${"x".repeat(1000 * i)}`);
      });
      expect(await helperCount()).toBe(1);
    } finally {
      agent.close();
    }
  });

  it("cuts each stream at maxBytes and stops a command that runs too long", async () => {
    const agent = new HostAgent(lab.engine, hostId);
    try {
      const big = await agent.run(["sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x; head -c 50 /dev/zero | tr '\\0' y >&2"], {
        timeoutMs: 10_000,
        maxBytes: 4096,
      });
      expect(big.stdout.length).toBe(4096);
      expect(big.stderr.length).toBe(50);
      const slow = await agent.run(["sleep", "30"], { timeoutMs: 500 });
      expect(slow).toMatchObject({ exitCode: null, timedOut: true });
      // The helper bounds the command itself too, so nothing is left running for long.
      await expect.poll(() => lab.sh("pgrep -x sleep || true"), { timeout: 10_000, interval: 200 }).toBe("");
      expect((await agent.run(["true"], { timeoutMs: 10_000 })).exitCode).toBe(0);
    } finally {
      agent.close();
    }
  });

  it("fails waiting requests when the learner kills it, and starts again on the next one", async () => {
    const agent = new HostAgent(lab.engine, hostId);
    try {
      await agent.run(["true"], { timeoutMs: 10_000 });
      const waiting = agent.run(["sleep", "20"], { timeoutMs: 30_000 }).catch((err: unknown) => err);
      await expect.poll(() => lab.sh("pgrep -x sleep || true"), { timeout: 10_000, interval: 100 }).not.toBe("");
      await lab.sh(KILL_HELPERS);
      expect(await waiting).toMatchObject({ reason: "ended" });
      expect(await waiting).toBeInstanceOf(AgentUnavailable);
      expect(await agent.run(["echo", "back"], { timeoutMs: 10_000 })).toMatchObject({ exitCode: 0, stdout: "back\n" });
    } finally {
      agent.close();
      await lab.sh("pkill -x sleep || true");
    }
  });

  it("fails cleanly on output that breaks its protocol, and serves again after", async () => {
    // Stands in for a learner who writes to the helper's stdout from inside the host.
    let feed: ((chunk: Buffer) => void) | undefined;
    const agent = new HostAgent(
      {
        execPipe: async (id, cmd, onData, onEnd): Promise<PipeHandle> => {
          const real = await lab.engine.execPipe(id, cmd, onData, onEnd);
          feed = onData;
          return real;
        },
      },
      hostId,
    );
    try {
      await agent.run(["true"], { timeoutMs: 10_000 });
      const waiting = agent.run(["sleep", "5"], { timeoutMs: 10_000 }).catch((err: unknown) => err);
      await expect.poll(() => lab.sh("pgrep -x sleep || true"), { timeout: 10_000, interval: 100 }).not.toBe("");
      feed?.(Buffer.from("this is not a reply at all, and it goes on and on ".repeat(4)));
      expect(await waiting).toMatchObject({ reason: "protocol" });
      expect(await agent.run(["echo", "again"], { timeoutMs: 10_000 })).toMatchObject({ stdout: "again\n" });
      await expect.poll(helperCount, { timeout: 10_000, interval: 100 }).toBe(1);
    } finally {
      agent.close();
      await lab.sh("pkill -x sleep || true");
    }
  });
});

describe("sandbox helpers", () => {
  it("run a command by docker exec when the helper cannot serve it, and close their helpers", async () => {
    const agents = new SandboxAgents(lab.engine);
    const first = await agents.execCapture(hostId, ["hostname"], { timeoutMs: 10_000 });
    expect(first).toMatchObject({ exitCode: 0, stdout: "host1\n" });
    expect(await helperCount()).toBe(1);
    // A learner who ends the helper in the middle of a command loses nothing: it runs again by exec.
    const during = agents.execCapture(hostId, ["sh", "-c", "sleep 1; echo done"], { timeoutMs: 10_000 });
    await expect.poll(() => lab.sh("pgrep -x sleep || true"), { timeout: 10_000, interval: 50 }).not.toBe("");
    await lab.sh(KILL_HELPERS);
    expect(await during).toMatchObject({ exitCode: 0, stdout: "done\n" });
    agents.close();
    await expect.poll(helperCount, { timeout: 10_000, interval: 100 }).toBe(0);
    expect(await agents.execCapture(hostId, ["echo", "exec"], { timeoutMs: 10_000 })).toMatchObject({ stdout: "exec\n" });
  });
});
