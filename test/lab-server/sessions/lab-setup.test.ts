/**
 * A lesson's `lab.setup` runs before the learner arrives: the lab opens in the state it makes, and
 * a lab whose set-up fails is never opened half set up.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine, LABEL_SESSION } from "../../../lab-server/docker/engine.ts";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { createSession, startTestServer } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

const engine = new Engine({ dockerHost: process.env["DOCKER_HOST"] });

function lesson(slug: string, order: number, lab: string): [string, string] {
  return [
    `${slug}.mdx`,
    ["---", `title: ${slug}`, "summary: A lesson made by the set-up test.", `order: ${order}`, "minutes: 1", lab, "---", "", "Body."].join(
      "\n",
    ),
  ];
}

describe("lab set-up", () => {
  let server: LabServer;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "switchyard-setup-lessons-"));
    for (const [file, text] of [
      lesson(
        "set-up-two-hosts",
        1,
        [
          "lab:",
          "  hosts: [host1, host2]",
          "  setup:",
          "    - docker network create broken-shop",
          "    - docker run -d --name api --network broken-shop -e PORT=8080 web",
          '    - { host: host2, command: "echo set-up-ran > /root/marker" }',
        ].join("\n"),
      ),
      lesson(
        "set-up-fails",
        2,
        ["lab:", "  hosts: [host1]", "  setup:", "    - docker network create first-step", "    - echo doomed; false"].join("\n"),
      ),
    ]) {
      writeFileSync(join(dir, file), text);
    }
    server = await startTestServer({ contentDir: dir, maxSessionsPerClient: 10 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("opens the lab in the state its set-up made, on the hosts it names", async () => {
    const session = await createSession(server, "set-up-two-hosts");
    const host1 = await TerminalClient.open(server, session, { host: "host1" });
    await host1.ready();
    const host2 = await TerminalClient.open(server, session, { host: "host2" });
    await host2.ready();
    try {
      expect(
        await host1.run("docker inspect -f '{{.State.Running}} {{range $n, $_ := .NetworkSettings.Networks}}{{$n}}{{end}}' api"),
      ).toContain("true broken-shop");
      expect(await host2.run("cat /root/marker")).toContain("set-up-ran");
    } finally {
      await host1.close();
      await host2.close();
      await server.sessions.end(session.id);
    }
  });

  it("fails a lab whose set-up fails with a message naming the step, and removes its sandbox", async () => {
    const session = await createSession(server, "set-up-fails");
    // What the learner's page hears: the terminal socket's fatal error.
    const term = await TerminalClient.open(server, session);
    try {
      await term.until((c) => c.messages.some((m) => m.type === "error"), "the set-up failure");
    } finally {
      await term.close();
    }
    const error = term.messages.find((m) => m.type === "error");
    expect(error?.type === "error" && error.code).toBe("LAB_ERR_SANDBOX_FAILED");
    expect(error?.type === "error" && error.message).toMatch(/could not be set up \(step 2 on host1 exited with 1\)/);
    const left = await engine.listByLabel(`${LABEL_SESSION}=${session.id}`);
    expect(left.containers.length + left.networks.length).toBe(0);
  });
});
