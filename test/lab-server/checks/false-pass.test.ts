/**
 * Ways of passing without doing the task (issue 15), one class each: a check must judge what the
 * task means, through the path the task names.
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
    ].join(" && "),
  );
});
afterAll(async () => {
  await box?.destroy();
});

describe("names Docker resolves are asked of Docker's DNS server", () => {
  it("does not count a line the learner added to the container's /etc/hosts", async () => {
    const ip = (await box.sh("docker inspect -f '{{.NetworkSettings.Networks.front.IPAddress}}' srv")).trim();
    await box.sh(`docker exec outsider sh -c 'echo "${ip} srv" >> /etc/hosts; echo "${ip} watchtower" >> /etc/hosts'`);
    const store = await box.check({ kind: "dns", from: "outsider", name: "srv", to: "srv" });
    expect(store.ok).toBe(false);
    expect(store.message).toContain("Docker's DNS does not resolve `srv`");
    expect((await box.check({ kind: "dns", from: "outsider", name: "watchtower" })).ok).toBe(false);
    // The same name, asked where Docker does know it, passes.
    expect(await box.check({ kind: "dns", from: "cli", name: "srv", to: "srv", network: "front" })).toMatchObject({ ok: true });
  });

  it("reads the hosts file only where the task is about it", async () => {
    await box.sh("docker run -d --name pinned-host --add-host ledger.local:10.1.2.3 tools sleep infinity");
    expect((await box.check({ kind: "dns", from: "pinned-host", name: "ledger.local", via: "hosts" })).ok).toBe(true);
    expect((await box.check({ kind: "dns", from: "pinned-host", name: "ledger.local" })).ok).toBe(false);
  });
});

describe('"cannot reach" covers every protocol the task means', () => {
  it("fails when a firewall rule lets TCP through while ping stays blocked, and says what answered", async () => {
    expect((await box.check({ kind: "reach", from: "outsider", to: "srv", by: "ip", expect: "unreachable" })).ok).toBe(true);
    // Engine 28 drops packets for a container's address that arrive from another bridge in the
    // raw table, before DOCKER-USER sees them: a leak needs a rule in both.
    await box.sh("iptables -t raw -I PREROUTING -p tcp -j ACCEPT; iptables -I DOCKER-USER -p tcp -j ACCEPT");
    try {
      const leak = await box.check({ kind: "reach", from: "outsider", to: "srv", by: "ip", expect: "unreachable" });
      expect(leak.ok).toBe(false);
      expect(leak.message).toContain("TCP port 80");
    } finally {
      await box.sh("iptables -t raw -D PREROUTING -p tcp -j ACCEPT; iptables -D DOCKER-USER -p tcp -j ACCEPT");
    }
    const closed = await box.check({ kind: "reach", from: "outsider", to: "srv", by: "ip", expect: "unreachable" });
    expect(closed.ok).toBe(true);
    expect(closed.message).toMatch(/ping gets no reply; TCP port 80 gets no answer; tried twice/);
  });
});

describe("negative probes under load", () => {
  it("never reports an open path as closed while the sandbox's CPU is saturated", { timeout: 120_000 }, async () => {
    // Four busy loops in the sandbox's own containers, on a sandbox limited to one CPU.
    await box.sh("for i in 1 2 3 4; do docker run -d --name hog$i --network none tools sh -c 'while :; do :; done'; done");
    await box.sh("iptables -t raw -I PREROUTING -j ACCEPT; iptables -I DOCKER-USER -j ACCEPT");
    try {
      for (let i = 0; i < 8; i++) {
        const results = await Promise.all([
          box.check({ kind: "reach", from: "outsider", to: "srv", by: "ip", expect: "unreachable" }),
          box.check({ kind: "reach", from: "outsider", to: "srv", by: "ip", protocol: "tcp", port: 80, expect: "unreachable" }),
        ]);
        for (const r of results) expect(r, `evaluation ${i}`).toMatchObject({ ok: false });
      }
    } finally {
      await box.sh("iptables -t raw -D PREROUTING -j ACCEPT; iptables -D DOCKER-USER -j ACCEPT; docker rm -f hog1 hog2 hog3 hog4");
    }
  });
});

describe('"answers" means a reply from the server', () => {
  it("fails a published port whose server is frozen, as `docker pause` leaves it", async () => {
    await box.sh("docker run -d --name frozen -p 8084:80 web");
    await box.sh("until curl -sf -o /dev/null 127.0.0.1:8084; do :; done");
    expect((await box.check({ kind: "published", container: "frozen", containerPort: 80, hostPort: 8084 })).ok).toBe(true);
    // This sandbox has no cgroup freezer for `docker pause`; stopping the process freezes it the same way:
    // its socket stays open and its kernel still completes handshakes.
    await box.sh("kill -STOP $(docker inspect -f '{{.State.Pid}}' frozen)");
    try {
      const frozen = await box.check({ kind: "published", container: "frozen", containerPort: 80, hostPort: 8084 });
      expect(frozen.ok).toBe(false);
      expect(frozen.message).toContain("nothing answers there (TCP port 8084 sends nothing back");
    } finally {
      await box.sh("kill -CONT $(docker inspect -f '{{.State.Pid}}' frozen)");
    }
  });

  it("fails a server that accepts connections and never answers, published or reached", async () => {
    await box.sh("docker run -d --name mute --network front -p 8085:80 tools sh -c 'while :; do nc -l -p 80 </dev/null >/dev/null; done'");
    await box.sh("until docker exec cli nc -w 1 mute 80 </dev/null; do :; done");
    const published = await box.check({ kind: "published", container: "mute", containerPort: 80, hostPort: 8085 });
    expect(published.ok).toBe(false);
    expect(published.message).toContain("nothing answers");
    const reached = await box.check({ kind: "reach", from: "cli", to: "mute", protocol: "tcp", port: 80 });
    expect(reached.ok).toBe(false);
    expect(reached.message).toContain("sends nothing back");
  });

  it("matches the reply a task names", async () => {
    await box.sh("docker run -d --name pong --network front tools nc -ll -p 7000 -e echo pong");
    await box.sh("until docker exec cli nc -w 1 pong 7000 </dev/null | grep -q pong; do :; done");
    expect((await box.check({ kind: "reach", from: "cli", to: "pong", protocol: "tcp", port: 7000, reply: "pong" })).ok).toBe(true);
    const other = await box.check({ kind: "reach", from: "cli", to: "pong", protocol: "tcp", port: 7000, reply: "pong 2" });
    expect(other.ok).toBe(false);
    expect(other.message).toContain("answers `pong`, not `pong 2`");
    expect((await box.check({ kind: "reach", from: "cli", to: "srv", protocol: "tcp", port: 80, reply: "Hello from" })).ok).toBe(true);
  });
});

describe("checks as strict as their tasks", () => {
  it("tells a hostname from a network alias", async () => {
    await box.sh("docker run -d --name aliased --network front --network-alias lighthouse tools sleep infinity");
    await box.sh("docker run -d --name named --network front --hostname lighthouse2 tools sleep infinity");
    const alias = await box.check({ kind: "container", name: "aliased", hostname: "lighthouse" });
    expect(alias.ok).toBe(false);
    expect(alias.message).toContain("--hostname");
    expect((await box.check({ kind: "container", name: "named", hostname: "lighthouse2" })).ok).toBe(true);
    expect((await box.check({ kind: "dns", from: "cli", name: "lighthouse2", to: "named", network: "front" })).ok).toBe(true);
  });

  it("checks a macvlan network's parent and addresses against the lab network", async () => {
    await box.sh("docker network create -d macvlan -o parent=eth0 bare");
    const shape = { kind: "network", driver: "macvlan", parent: "eth0", subnet: "lab", gateway: "lab", ipRange: "lab.128/27" };
    const bare = await box.check({ ...shape, name: "bare" });
    expect(bare.ok).toBe(false);
    expect(bare.message).toMatch(/its subnet is .*, not the lab network's .*its gateway is/);
    await box.sh("docker network rm bare");
    await box.sh(
      `P=$(ip -4 -o addr show eth0 | awk '{print $4}' | cut -d. -f1-3); G=$(ip route | awk '/^default/ {print $3}'); docker network create -d macvlan -o parent=eth0 --subnet $P.0/24 --gateway $G --ip-range $P.128/27 office`,
    );
    expect(await box.check({ ...shape, name: "office" })).toMatchObject({ ok: true });
    expect((await box.check({ ...shape, name: "office", ipRange: "lab.64/27" })).ok).toBe(false);
  });
});
