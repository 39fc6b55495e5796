/**
 * The database backends every storage test runs on: embedded PGlite always (in a temporary
 * directory), and PostgreSQL when TEST_DATABASE_URL is set (`./switchyard test` sets it up). Each
 * `fresh()` is a new, empty database of its own (a PostgreSQL database made with CREATE DATABASE,
 * so the URL's role needs CREATEDB), so test files running in parallel never meet.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import type { Logger } from "../../../lab-server/log.ts";

/** Where `openDatabase` should look for a new, empty database. */
export interface FreshDatabase {
  url: string | undefined;
  dataDir: string;
}

/** One backend of the storage tests. */
export interface TestBackend {
  name: "pglite" | "postgres";
  /** A new, empty database. */
  fresh(): Promise<FreshDatabase>;
  /** Removes every database and directory `fresh()` made. */
  cleanup(): Promise<void>;
}

const TEST_DATABASE_URL = process.env["TEST_DATABASE_URL"] || undefined;

/** True when the PostgreSQL backend runs (TEST_DATABASE_URL is set). */
export const HAVE_POSTGRES = TEST_DATABASE_URL !== undefined;

/** The backends to run on: `describe.each(backends())("$name", (backend) => …)`. */
export function backends(): TestBackend[] {
  return HAVE_POSTGRES ? [pgliteBackend(), postgresBackend(TEST_DATABASE_URL!)] : [pgliteBackend()];
}

/** Embedded databases in temporary directories. */
export function pgliteBackend(): TestBackend {
  const dirs: string[] = [];
  return {
    name: "pglite",
    async fresh() {
      const dir = await mkdtemp(join(tmpdir(), "switchyard-db-"));
      dirs.push(dir);
      return { url: undefined, dataDir: dir };
    },
    async cleanup() {
      await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}

/** Databases created next to the one `adminUrl` names, and dropped at clean-up. */
export function postgresBackend(adminUrl: string): TestBackend {
  const made: string[] = [];
  const dirs: string[] = [];
  const admin = async <T>(fn: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: "postgres",
    async fresh() {
      const name = `switchyard_t_${process.pid}_${randomBytes(4).toString("hex")}`;
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      made.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      // A data directory too, to show that the server's is left alone when DATABASE_URL is set.
      const dir = await mkdtemp(join(tmpdir(), "switchyard-db-"));
      dirs.push(dir);
      return { url: url.toString(), dataDir: dir };
    },
    async cleanup() {
      const names = made.splice(0);
      if (names.length > 0) {
        await admin(async (c) => {
          for (const name of names) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        });
      }
      await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}

/** A silent logger that keeps what was logged, for assertions. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A new learner id, shaped like the browser cookie's. */
export function newLearnerId(): string {
  return randomBytes(16).toString("base64url");
}
