import { afterAll, beforeAll, expect, it } from "vitest";
import type { ServerMessage } from "../../../common/schemas/protocol.ts";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { createSession, startTestServer } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

let server: LabServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type Checks = Extract<ServerMessage, { type: "checks" }>;
const latest = (term: TerminalClient) => term.messages.filter((m): m is Checks => m.type === "checks").at(-1)?.results;

it("pushes exercise results over the socket as the sandbox changes, without being asked", async () => {
  const session = await createSession(server, "fixture-checks");
  const term = await TerminalClient.open(server, session);
  await term.ready();
  await term.until((c) => latest(c) !== undefined, "the first results");
  expect(latest(term)?.map((r) => r.status)).toEqual(["failed", "blocked"]);

  term.type("docker network create fixnet\r");
  await term.until((c) => latest(c)?.[0]?.status === "passed", "make-net to pass from engine events");
  expect(latest(term)?.[1]?.status).toBe("failed");

  term.type("docker run -d --name fixweb --network fixnet web\r");
  await term.until((c) => latest(c)?.every((r) => r.status === "passed") === true, "every exercise to pass");

  // Undoing the work takes the exercise back to failing, with the reason.
  term.type("docker network disconnect fixnet fixweb\r");
  await term.until((c) => latest(c)?.[1]?.status === "failed", "run-web to fail again");
  expect(latest(term)?.[1]?.checks.find((c) => !c.ok)?.message).toBe("`fixweb` is not connected to `fixnet`.");
  await term.close();
});
