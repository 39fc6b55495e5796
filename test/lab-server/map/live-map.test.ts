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

type MapMessage = Extract<ServerMessage, { type: "map" }>;
const latestMap = (term: TerminalClient) => term.messages.filter((m): m is MapMessage => m.type === "map").at(-1)?.map;

it("pushes the map when a container is connected to a network, from engine events alone", async () => {
  const session = await createSession(server, "fixture-terminal");
  const term = await TerminalClient.open(server, session);
  await term.ready();
  await term.until((c) => latestMap(c) !== undefined, "the first map");
  expect(latestMap(term)?.containers).toEqual([]);

  await term.run("docker network create mapnet >/dev/null && docker run -d --name mapc tools sleep infinity >/dev/null");
  await term.until((c) => latestMap(c)?.containers.some((x) => x.name === "mapc") === true, "mapc on the map");
  const netId = latestMap(term)?.networks.find((n) => n.name === "mapnet")?.id;
  expect(netId).toBeDefined();
  expect(
    latestMap(term)
      ?.containers.find((x) => x.name === "mapc")
      ?.endpoints.map((e) => e.network),
  ).not.toContain(netId);

  term.type("docker network connect mapnet mapc\r");
  await term.until(
    (c) =>
      latestMap(c)
        ?.containers.find((x) => x.name === "mapc")
        ?.endpoints.some((e) => e.network === netId && e.interface === "eth1") === true,
    "the new edge from mapc to mapnet",
  );
  await term.close();
});
