/**
 * Starts a real lab server for a test: port 0, fixture lessons, and an instance name of its own so
 * its clean-up never touches another test's sandboxes.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Config, loadConfig } from "../../lab-server/config.ts";
import { type LabServer, startLabServer } from "../../lab-server/http/server.ts";
import { createLogger } from "../../lab-server/log.ts";

/** Fixture lessons made for the tests. */
export const FIXTURE_LESSONS = resolve(import.meta.dirname, "../fixtures/lessons");

/** A fresh instance name, e.g. `t-3fa9c1`. */
export function testInstance(): string {
  return `t-${randomBytes(4).toString("hex")}`;
}

/** Test configuration with `overrides` applied. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1", SWITCHYARD_CONTENT_DIR: FIXTURE_LESSONS });
  // Each server gets a data folder of its own (an embedded database serves one process), or the
  // shared test PostgreSQL when set-up provides one: learner ids are random, so servers never collide.
  base.dataDir = mkdtempSync(join(tmpdir(), "switchyard-test-"));
  base.databaseUrl = process.env["TEST_DATABASE_URL"];
  // Tests start many labs from one address; the rate limit has a test of its own.
  // The warm pool is off unless a test asks for it: it would make sandbox counts depend on timing.
  return { ...base, instance: testInstance(), sessionRatePerMinute: 1000, poolSize: 0, ...overrides };
}

/** Starts a lab server; call `close()` in afterAll. */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<LabServer> {
  return startLabServer(testConfig(overrides), createLogger(process.env["SWITCHYARD_LOG"] ?? "warn"));
}

/** Creates a session over the real HTTP API, as the server's own page would (with its Origin). */
export async function createSession(
  server: LabServer,
  lesson = "fixture-terminal",
): Promise<{ id: string; token: string; hosts: string[] }> {
  const res = await fetch(`${server.url}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ lesson }),
  });
  if (res.status !== 201) throw new Error(`create session: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; token: string; hosts: string[] };
}
