/**
 * Near misses and equivalents for the checks that probe the sandbox: reachability, DNS, published
 * ports, and the escape hatch.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type TestSandbox } from "../../helpers/sandbox.ts";

let box: TestSandbox;
beforeAll(async () => {
  box = await startSandbox();
  await box.sh(
    [
      "docker network create front && docker network create back",
      "docker run -d --name srv --network front web",
      "docker run -d --name cli --network front tools sleep infinity",
      "docker run -d --name outsider --network back tools sleep infinity",
      "docker run -d --name rr1 --network front --network-alias pool tools sleep infinity",
      "docker run -d --name rr2 --network front --network-alias pool tools sleep infinity",
    ].join(" && "),
  );
});
afterAll(async () => {
  await box?.destroy();
});

describe("reach checks", () => {
  it("sees reachability by name and by IP, over ICMP and TCP", async () => {
    expect((await box.check({ kind: "reach", from: "cli", to: "srv" })).ok).toBe(true);
    expect((await box.check({ kind: "reach", from: "cli", to: "srv", by: "ip", protocol: "tcp", port: 80 })).ok).toBe(true);
    const closed = await box.check({ kind: "reach", from: "cli", to: "srv", protocol: "tcp", port: 81 });
    expect(closed.ok).toBe(false);
    expect(closed.message).toContain("TCP port 81");
  });

  it("sees isolation between networks, and fails an `unreachable` check when it is not", async () => {
    expect((await box.check({ kind: "reach", from: "outsider", to: "srv", by: "ip", expect: "unreachable" })).ok).toBe(true);
    const leak = await box.check({ kind: "reach", from: "cli", to: "srv", by: "ip", expect: "unreachable" });
    expect(leak.ok).toBe(false);
    expect(leak.message).toContain("can still reach");
  });

  it("explains a missing or stopped source container", async () => {
    expect((await box.check({ kind: "reach", from: "ghost", to: "srv" })).message).toContain("no container called `ghost`");
  });
});

describe("dns checks", () => {
  it("resolves names to the right container and all members of a shared alias", async () => {
    expect((await box.check({ kind: "dns", from: "cli", name: "srv", to: "srv", network: "front" })).ok).toBe(true);
    expect((await box.check({ kind: "dns", from: "cli", name: "pool", toAll: ["rr1", "rr2"] })).ok).toBe(true);
    const wrong = await box.check({ kind: "dns", from: "cli", name: "srv", to: "rr1" });
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toContain("not `rr1`");
  });

  it("counts names from the container's /etc/hosts, as its resolver does, when asked to", async () => {
    await box.sh("docker run -d --name hosty --add-host ledger.local:10.1.2.3 tools sleep infinity");
    const found = await box.check({ kind: "dns", from: "hosty", name: "ledger.local", via: "hosts" });
    expect(found).toMatchObject({ ok: true });
    expect(found.message).toContain("10.1.2.3");
  });

  it("sees names that do not resolve across networks", async () => {
    expect((await box.check({ kind: "dns", from: "outsider", name: "srv", expect: "fails" })).ok).toBe(true);
    expect((await box.check({ kind: "dns", from: "outsider", name: "srv" })).ok).toBe(false);
  });
});

describe("published checks", () => {
  it("rejects a port bound on 0.0.0.0 when 127.0.0.1 is asked, and accepts the right binding", async () => {
    await box.sh("docker run -d --name openweb -p 8081:80 web && docker run -d --name localweb -p 127.0.0.1:8082:80 web");
    const open = await box.check({ kind: "published", container: "openweb", containerPort: 80, hostIp: "127.0.0.1" });
    expect(open.ok).toBe(false);
    expect(open.message).toMatch(/published on 0\.0\.0\.0.*127\.0\.0\.1 only/);
    expect(
      (await box.check({ kind: "published", container: "localweb", containerPort: 80, hostIp: "127.0.0.1", hostPort: 8082, notOn: "eth0" }))
        .ok,
    ).toBe(true);
    const everywhere = await box.check({ kind: "published", container: "openweb", containerPort: 80, hostPort: 8081, notOn: "eth0" });
    expect(everywhere.ok).toBe(false);
    expect(everywhere.message).toContain("also answers on the host's eth0");
  });

  it("fails a port that is published but where nothing listens", async () => {
    await box.sh("docker run -d --name quiet -p 8083:80 tools sleep infinity");
    const quiet = await box.check({ kind: "published", container: "quiet", containerPort: 80 });
    expect(quiet.ok).toBe(false);
    expect(quiet.message).toContain("nothing answers");
  });

  it("accepts any host port in a range, or a random one, and rejects the wrong one", async () => {
    await box.sh("docker run -d --name randomweb -P web");
    expect((await box.check({ kind: "published", container: "randomweb", containerPort: 80 })).ok).toBe(true);
    expect((await box.check({ kind: "published", container: "openweb", containerPort: 80, hostPort: [8080, 8090] })).ok).toBe(true);
    expect((await box.check({ kind: "published", container: "openweb", containerPort: 80, hostPort: 9090 })).ok).toBe(false);
    expect((await box.check({ kind: "published", container: "openweb", containerPort: 53, protocol: "udp" })).ok).toBe(false);
  });
});

describe("command checks (the escape hatch)", () => {
  it("matches a command's output", async () => {
    expect(
      (
        await box.check({
          kind: "command",
          run: "docker ps --format '{{.Names}}'",
          match: "^srv$",
          describe: "a container named srv is running",
        })
      ).ok,
    ).toBe(true);
    const no = await box.check({
      kind: "command",
      run: "docker ps --format '{{.Names}}'",
      match: "^nope$",
      describe: "a container named nope is running",
    });
    expect(no).toMatchObject({ ok: false, message: "Not yet: a container named nope is running." });
  });
});

describe("a learner who deletes everything", () => {
  it("gets failing checks with reasons, never an error", async () => {
    const other = await import("../../helpers/sandbox.ts").then((m) => m.startSandbox());
    try {
      await other.sh("docker network create gone && docker run -d --name gonec --network gone tools sleep infinity");
      await other.sh("docker rm -f $(docker ps -aq) && docker network prune -f && docker image rm -f tools web");
      const results = await Promise.all([
        other.check({ kind: "attached", container: "gonec", network: "gone" }),
        other.check({ kind: "reach", from: "gonec", to: "srv" }),
        other.check({ kind: "published", container: "gonec", containerPort: 80 }),
      ]);
      for (const r of results) {
        expect(r.ok).toBe(false);
        expect(r.message).toMatch(/no (container|network) called/);
      }
    } finally {
      await other.destroy();
    }
  });
});
