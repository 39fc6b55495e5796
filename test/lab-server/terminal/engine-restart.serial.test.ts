/**
 * Runs alone (vitest project `engine-restart`, after every other test): restarts the machine's
 * Docker Engine under a learner's open terminal. With live restore the sandbox survives, the
 * learner is told what is happening, and the same socket gets a fresh shell in the same sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../lab-server/docker/engine.ts";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { cannotRestartEngine, restartEngine } from "../../helpers/engine-restart.ts";
import { createSession, startTestServer } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

const engine = new Engine({ dockerHost: process.env["DOCKER_HOST"] });
const reason = await cannotRestartEngine(engine);
if (reason) console.warn(`engine restart test skipped: ${reason}`);

describe.skipIf(reason !== undefined)("a Docker Engine restart under an open lab", () => {
  let server: LabServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("keeps the sandbox, tells the learner, and gives them a fresh shell on the same socket", async () => {
    const session = await createSession(server);
    const term = await TerminalClient.open(server, session);
    await term.ready();
    await term.run("docker network create survivor >/dev/null && echo kept > /root/note");

    await restartEngine(engine);

    await term.until(
      (c) => c.messages.some((m) => m.type === "status" && m.phase === "engine-restarting"),
      "the learner to be told the engine is restarting",
    );
    await term.until(
      (c) => c.messages.some((m) => m.type === "status" && m.phase === "shell-restarted" && /Engine is back/.test(m.detail ?? "")),
      "a fresh shell once the engine is back",
      90_000,
    );
    expect(term.closed).toBeUndefined();
    expect(term.output).toContain("restarting; your sandbox is kept");
    await term.until((c) => /Engine is back[\s\S]*(\$ |# )/.test(c.output), "the fresh shell's prompt");
    const after = await term.run("docker network ls --format '{{.Name}}'; cat /root/note");
    expect(after).toContain("survivor");
    expect(after).toContain("kept");

    // New labs start as before.
    const next = await createSession(server);
    const second = await TerminalClient.open(server, next);
    await second.ready();
    expect(await second.run("docker network ls --format '{{.Name}}'")).not.toContain("survivor");
    await second.close();
    await term.close();
  }, 240_000);
});
