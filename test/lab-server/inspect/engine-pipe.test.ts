import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SandboxAgents } from "../../../lab-server/inspect/agents.ts";
import { EnginePipe, PipeUnavailable } from "../../../lab-server/inspect/engine-pipe.ts";
import { snapshotHost } from "../../../lab-server/inspect/snapshot.ts";
import { startSandbox, type TestSandbox } from "../../helpers/sandbox.ts";

let lab: TestSandbox;
let hostId: string;
const options = { timeoutMs: 10_000, maxBytes: 1024 * 1024 };

beforeAll(async () => {
  lab = await startSandbox(["host1"]);
  hostId = lab.sandbox.hosts[0]!.containerId;
}, 120_000);

afterAll(async () => {
  await lab?.destroy();
});

/** `nc` processes in the host started from outside its process namespace (parent 0): the kept connections. */
async function connections(): Promise<number> {
  return Number((await lab.sh("pgrep -c -P 0 -x nc || true")).trim());
}

const json = (body: Buffer) => JSON.parse(body.toString("utf8")) as unknown;

describe("kept engine connection", () => {
  it("answers round after round on one connection, in order", async () => {
    const pipe = new EnginePipe(lab.engine, hostId);
    try {
      await lab.sh("docker network create kept-one >/dev/null");
      const [ping, networks] = await pipe.request(["/_ping", "/networks"], options);
      expect(ping).toMatchObject({ status: 200 });
      expect(ping?.headers.get("swarm")).toBe("inactive");
      expect((json(networks!.body) as { Name: string }[]).map((n) => n.Name)).toContain("kept-one");
      const rounds = await Promise.all(
        Array.from({ length: 5 }, (_, i) => pipe.request([`/networks/kept-one`, `/_ping?round=${i}`], options)),
      );
      for (const [net, pong] of rounds) {
        expect(json(net!.body)).toMatchObject({ Name: "kept-one" });
        expect(pong?.body.toString()).toBe("OK");
      }
      const [missing] = await pipe.request(["/containers/nosuchthing/json"], options);
      expect(missing?.status).toBe(404);
      expect(await connections()).toBe(1);
    } finally {
      pipe.close();
      await lab.sh("docker network rm kept-one >/dev/null");
    }
    await expect.poll(connections, { timeout: 10_000, interval: 100 }).toBe(0);
  });

  it("opens a new connection after the learner ends it, and gives up one that answers too much", async () => {
    const pipe = new EnginePipe(lab.engine, hostId);
    try {
      await pipe.request(["/_ping"], options);
      await lab.sh("pkill -KILL -P 0 -x nc");
      await expect.poll(connections, { timeout: 10_000, interval: 100 }).toBe(0);
      const [again] = await pipe.request(["/_ping"], options);
      expect(again?.status).toBe(200);
      const tooMuch = await pipe.request(["/networks"], { timeoutMs: 10_000, maxBytes: 64 }).catch((err: unknown) => err);
      expect(tooMuch).toBeInstanceOf(PipeUnavailable);
      expect(tooMuch).toMatchObject({ reason: "protocol" });
      expect((await pipe.request(["/_ping"], options))[0]?.status).toBe(200);
      await expect.poll(connections, { timeout: 10_000, interval: 100 }).toBe(1);
    } finally {
      pipe.close();
    }
  });

  it("gives up on whatever else answers at the socket, and the snapshot of an engine that does not answer is empty", async () => {
    const agents = new SandboxAgents(lab.engine);
    const pipe = new EnginePipe(lab.engine, hostId);
    const host = lab.sandbox.hosts[0]!;
    try {
      expect((await snapshotHost(agents, host, 10_000)).networks.map((n) => n.Name)).toContain("bridge");
      // A learner moves the engine's socket away and stands something else there.
      await lab.sh("mv /var/run/docker.sock /var/run/docker.sock.away");
      await lab.sh(
        "(printf 'HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\n[]trailing nonsense' | nc -lU /var/run/docker.sock >/dev/null 2>&1 &)",
      );
      await expect.poll(() => lab.sh("test -S /var/run/docker.sock && echo yes || true"), { timeout: 10_000, interval: 50 }).toBe("yes\n");
      expect(await pipe.request(["/networks"], options).catch((err: unknown) => err)).toMatchObject({ reason: "protocol" });
      await lab.sh("pkill -x nc || true; rm -f /var/run/docker.sock");
      // Nothing answers at all now: no networks, no containers, and no error.
      const empty = await snapshotHost(agents, host, 10_000);
      expect(empty).toMatchObject({ networks: [], containers: [], eth0: host.address });
    } finally {
      pipe.close();
      agents.close();
      await lab.sh("rm -f /var/run/docker.sock; mv /var/run/docker.sock.away /var/run/docker.sock");
    }
    const back = new SandboxAgents(lab.engine);
    expect((await snapshotHost(back, host, 10_000)).networks.length).toBeGreaterThan(0);
    back.close();
  });
});
