/**
 * Progress through the product: completing exercises in a real lab is recorded for the learner's
 * browser, read back over the API, and survives a restart of the lab server.
 */
import { afterAll, describe, expect, it } from "vitest";
import { learnerProgress } from "../../../common/schemas/progress.ts";
import type { Config } from "../../../lab-server/config.ts";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { browser } from "../../helpers/http-browser.ts";
import { startTestServer, testConfig } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

const servers: LabServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close().catch(() => undefined);
});

async function start(config: Partial<Config>): Promise<LabServer> {
  const server = await startTestServer(config);
  servers.push(server);
  return server;
}

describe("learner progress", () => {
  it("records completions and attempts from a real lab, and keeps them across a restart", async () => {
    const shared = testConfig();
    const first = await start({ dataDir: shared.dataDir, databaseUrl: shared.databaseUrl });
    const me = browser(first);
    const empty = learnerProgress.parse(await (await me.fetch("/api/progress")).json());
    expect(empty.lessons).toEqual({});
    expect(me.cookie).toMatch(/^sy_client=/);

    const named = await me.fetch("/api/me", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: '{"displayName":"  Ada  "}',
    });
    expect(await named.json()).toEqual({ displayName: "Ada" });
    const bad = await me.fetch("/api/me", { method: "PUT", headers: { "content-type": "application/json" }, body: '{"displayName":""}' });
    expect(bad.status).toBe(400);

    const created = await me.fetch("/api/sessions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"lesson":"fixture-checks"}',
    });
    const session = (await created.json()) as { id: string; token: string };
    const term = await TerminalClient.open(first, session);
    await term.ready();
    await term.run("docker network create wrongname >/dev/null");
    await term.run("docker network create fixnet >/dev/null");
    await term.until((c) => c.messages.some((m) => m.type === "checks" && m.results[0]?.status === "passed"), "make-net to pass");
    await term.close();

    await expect
      .poll(
        async () =>
          learnerProgress.parse(await (await me.fetch("/api/progress")).json()).lessons["fixture-checks"]?.exercises["make-net"]
            ?.completedAt,
      )
      .toMatch(/^\d{4}-/);
    await first.close();

    // A new server process on the same storage still knows this browser's progress.
    const second = await start({ dataDir: shared.dataDir, databaseUrl: shared.databaseUrl });
    const again = await fetch(`${second.url}/api/progress`, { headers: { cookie: me.cookie } });
    const progress = learnerProgress.parse(await again.json());
    expect(progress.learner.displayName).toBe("Ada");
    const makeNet = progress.lessons["fixture-checks"]?.exercises["make-net"];
    expect(makeNet?.completedAt).toMatch(/^\d{4}-/);
    expect(makeNet?.attempts).toBeGreaterThanOrEqual(1);
    expect(progress.lessons["fixture-checks"]?.exercises["run-web"]).toBeUndefined();
  });
});
