/**
 * The storage layer on real databases: embedded PGlite always, PostgreSQL when TEST_DATABASE_URL
 * is set. Migrations, value types, transactions, error wrapping and persistence across a restart.
 */
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseError } from "../../../lab-server/db/database.ts";
import { MIGRATIONS_DIR } from "../../../lab-server/db/migrate.ts";
import { embeddedDatabaseDir, openDatabase } from "../../../lab-server/db/open.ts";
import { backends, HAVE_POSTGRES, pgliteBackend, postgresBackend, recordingLogger } from "./backends.ts";

const EXPECTED_MIGRATIONS = ["001_progress", "002_classrooms", "003_lab_sessions"];

/** A child process that holds, or writes to and crashes on, an embedded database. */
const HOLDER = join(import.meta.dirname, "hold-database.ts");

interface MigrationRow {
  version: number;
  name: string;
  applied_at: Date;
}

describe.each(backends())("database on $name", (backend) => {
  afterAll(() => backend.cleanup());

  it("applies every migration once at the first start, and nothing when reopened", async () => {
    const where = await backend.fresh();
    const log = recordingLogger();
    const first = await openDatabase({ ...where, log });
    expect(first.kind).toBe(backend.name);
    expect(first.appliedMigrations).toEqual(EXPECTED_MIGRATIONS);
    expect(log.lines).toContain(`info database ${first.location}: applied migration 001_progress`);
    const before = await first.query<MigrationRow>("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
    expect(before.map((r) => r.name)).toEqual(EXPECTED_MIGRATIONS);
    await first.close();

    const again = await openDatabase({ ...where, log: recordingLogger() });
    try {
      expect(again.appliedMigrations).toEqual([]);
      const after = await again.query<MigrationRow>("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
      expect(after).toEqual(before);
      const tables = await again.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
      );
      expect(tables.map((t) => t.table_name)).toEqual([
        "class_members",
        "classes",
        "exercise_progress",
        "instructor_sessions",
        "instructors",
        "lab_sessions",
        "learners",
        "lesson_progress",
        "schema_migrations",
      ]);
    } finally {
      await again.close();
    }
  });

  describe("with one open database", () => {
    let db: Awaited<ReturnType<typeof openDatabase>>;
    beforeAll(async () => {
      db = await openDatabase({ ...(await backend.fresh()), log: recordingLogger() });
    });
    afterAll(() => db?.close());

    it("returns the same JavaScript types from both drivers", async () => {
      const at = new Date("2024-05-06T07:08:09.123Z");
      const [row] = await db.query<Record<string, unknown>>(
        "SELECT 'x'::text AS t, 42::int AS n, count(*)::int AS c, true AS b, $1::timestamptz AS at, NULL::text AS nothing FROM learners",
        [at],
      );
      expect(row).toEqual({ t: "x", n: 42, c: 0, b: true, at, nothing: null });
      expect(row!["at"]).toBeInstanceOf(Date);
    });

    it("sends parameters as values, never as SQL", async () => {
      const evil = "x'); DROP TABLE learners; --";
      const [row] = await db.query<{ v: string }>("SELECT $1::text AS v", [evil]);
      expect(row!.v).toBe(evil);
      expect(await db.query("SELECT 1 FROM learners LIMIT 1")).toBeInstanceOf(Array);
    });

    it("commits a transaction that resolves and rolls back one that throws, rethrowing its error", async () => {
      const kept = await db.transaction(async (tx) => {
        await tx.query("INSERT INTO learners (id) VALUES ($1)", ["tx-kept-aaaaaaaaaaaa"]);
        return "done";
      });
      expect(kept).toBe("done");
      const boom = new Error("changed my mind");
      await expect(
        db.transaction(async (tx) => {
          await tx.query("INSERT INTO learners (id) VALUES ($1)", ["tx-dropped-aaaaaaaaa"]);
          throw boom;
        }),
      ).rejects.toBe(boom);
      const ids = await db.query<{ id: string }>("SELECT id FROM learners WHERE id LIKE 'tx-%' ORDER BY id");
      expect(ids.map((r) => r.id)).toEqual(["tx-kept-aaaaaaaaaaaa"]);
      // The database is still usable after a rollback.
      expect(await db.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    });

    it("rolls back a transaction whose statement fails, and reports a DatabaseError with the SQLSTATE", async () => {
      await db.query("INSERT INTO learners (id) VALUES ($1)", ["dup-aaaaaaaaaaaaaaaa"]);
      const err = await db
        .transaction(async (tx) => {
          await tx.query("INSERT INTO learners (id) VALUES ($1)", ["dup-bbbbbbbbbbbbbbbb"]);
          await tx.query("INSERT INTO learners (id) VALUES ($1)", ["dup-aaaaaaaaaaaaaaaa"]);
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseError);
      expect((err as DatabaseError).sqlState).toBe("23505");
      expect((err as DatabaseError).message).toMatch(/INSERT INTO learners/);
      expect((err as DatabaseError).message).not.toMatch(/dup-a/);
      expect(await db.query("SELECT id FROM learners WHERE id = $1", ["dup-bbbbbbbbbbbbbbbb"])).toEqual([]);
    });

    it("wraps a syntax error in a DatabaseError", async () => {
      const err = await db.query("SELEKT 1").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseError);
      expect((err as DatabaseError).sqlState).toBe("42601");
      expect((err as Error).cause).toBeDefined();
    });

    it("enforces the schema's rules", async () => {
      const err = await db
        .query("INSERT INTO learners (id, display_name) VALUES ($1, $2)", ["long-name-aaaaaaaaaa", "x".repeat(41)])
        .catch((e: unknown) => e);
      expect((err as DatabaseError).sqlState).toBe("23514");
      const orphan = await db
        .query("INSERT INTO exercise_progress (learner_id, lesson, exercise_id) VALUES ($1, 'l', 'e')", ["nobody-aaaaaaaaaaaaa"])
        .catch((e: unknown) => e);
      expect((orphan as DatabaseError).sqlState).toBe("23503");
    });
  });

  it("keeps its data across a restart", async () => {
    const where = await backend.fresh();
    const first = await openDatabase({ ...where, log: recordingLogger() });
    await first.query("INSERT INTO learners (id, display_name) VALUES ($1, $2)", ["restart-aaaaaaaaaaaa", "Ada"]);
    await first.close();
    await first.close(); // closing twice is harmless

    const second = await openDatabase({ ...where, log: recordingLogger() });
    try {
      expect(await second.query("SELECT id, display_name FROM learners")).toEqual([{ id: "restart-aaaaaaaaaaaa", display_name: "Ada" }]);
    } finally {
      await second.close();
    }
  });

  it("rolls back a failing migration, says which, and applies it once it is fixed", async () => {
    const where = await backend.fresh();
    const dir = await mkdtemp(join(tmpdir(), "switchyard-migrations-"));
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      await writeFile(join(dir, "999_extra.sql"), "CREATE TABLE extra (id integer);\nSELECT no_such_function();\n");
      const err = await openDatabase({ ...where, log: recordingLogger(), migrationsDir: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseError);
      expect((err as Error).message).toMatch(/migration 999_extra failed .* rolled back/);

      await writeFile(join(dir, "999_extra.sql"), "CREATE TABLE extra (id integer);\n");
      const db = await openDatabase({ ...where, log: recordingLogger(), migrationsDir: dir });
      try {
        // 001 was applied by the failed start: each migration is a transaction of its own.
        expect(db.appliedMigrations).toEqual(["999_extra"]);
        expect(await db.query("SELECT count(*)::int AS n FROM extra")).toEqual([{ n: 0 }]);
      } finally {
        await db.close();
      }

      // Editing an applied migration changes nothing but is reported.
      await writeFile(join(dir, "999_extra.sql"), "CREATE TABLE extra (id integer, more text);\n");
      const log = recordingLogger();
      const edited = await openDatabase({ ...where, log, migrationsDir: dir });
      await edited.close();
      expect(edited.appliedMigrations).toEqual([]);
      expect(log.lines.some((l) => l.startsWith("warn migration 999_extra changed after it was applied"))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!HAVE_POSTGRES)("database on postgres: more than one server", () => {
  const backend = postgresBackend(process.env["TEST_DATABASE_URL"] ?? "");
  afterAll(() => backend.cleanup());

  it("applies each migration once when several servers start at once", async () => {
    const where = await backend.fresh();
    const starts = await Promise.allSettled([1, 2, 3, 4].map(() => openDatabase({ ...where, log: recordingLogger() })));
    const all = starts.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    try {
      expect(starts.filter((s) => s.status === "rejected")).toEqual([]);
      expect(all.flatMap((db) => db.appliedMigrations)).toEqual(EXPECTED_MIGRATIONS);
      expect(await all[0]!.query("SELECT name FROM schema_migrations ORDER BY version")).toEqual(
        EXPECTED_MIGRATIONS.map((name) => ({ name })),
      );
      // Every server can write, and sees the others' writes.
      await all[1]!.query("INSERT INTO learners (id) VALUES ($1)", ["shared-aaaaaaaaaaaaa"]);
      expect(await all[3]!.query("SELECT id FROM learners")).toEqual([{ id: "shared-aaaaaaaaaaaaa" }]);
    } finally {
      await Promise.all(all.map((db) => db.close()));
    }
  });

  it("uses the server, not the data directory, when a URL is given", async () => {
    const where = await backend.fresh();
    const db = await openDatabase({ ...where, log: recordingLogger() });
    await db.close();
    expect(db.kind).toBe("postgres");
    await expect(readFile(`${embeddedDatabaseDir(where.dataDir)}.lock`)).rejects.toThrow();
  });

  it("names DATABASE_URL, without its password, when the password is wrong", async () => {
    const url = new URL(process.env["TEST_DATABASE_URL"] ?? "");
    url.password = "not-the-password";
    const err = await openDatabase({ url: url.toString(), dataDir: tmpdir(), log: recordingLogger() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as Error).message).toMatch(/DATABASE_URL/);
    expect((err as Error).message).toMatch(/authentication failed/);
    expect((err as Error).message).not.toMatch(/not-the-password/);
  });
});

describe("database start-up failures", () => {
  it("refuses a DATABASE_URL that is not a PostgreSQL URL, without showing its password", async () => {
    for (const url of ["not a url", "mysql://someone:s3cret@127.0.0.1/x"]) {
      const err = await openDatabase({ url, dataDir: tmpdir(), log: recordingLogger() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseError);
      expect((err as Error).message).toMatch(/^DATABASE_URL must be a PostgreSQL URL such as postgres:\/\//);
      expect((err as Error).message).not.toMatch(/s3cret/);
    }
  });

  it("names DATABASE_URL, without its password, when no server answers", async () => {
    const err = await openDatabase({
      url: "postgres://someone:s3cret@127.0.0.1:1/nowhere",
      dataDir: tmpdir(),
      log: recordingLogger(),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    const message = (err as Error).message;
    expect(message).toMatch(/cannot reach the PostgreSQL database at DATABASE_URL=postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere/);
    expect(message).toMatch(/connection refused/);
    expect(message).toMatch(/unset DATABASE_URL/);
    expect(message).not.toMatch(/s3cret/);
  });
});

describe("embedded database directory", () => {
  const backend = pgliteBackend();
  afterAll(() => backend.cleanup());

  it("lives in <data dir>/db", async () => {
    const where = await backend.fresh();
    const db = await openDatabase({ ...where, log: recordingLogger() });
    try {
      expect(db.location).toBe(join(where.dataDir, "db"));
      expect((await readFile(join(where.dataDir, "db", "PG_VERSION"), "utf8")).trim()).toMatch(/^\d+$/);
    } finally {
      await db.close();
    }
  });

  it("is refused, saying so, while this process has it open", async () => {
    const where = await backend.fresh();
    const db = await openDatabase({ ...where, log: recordingLogger() });
    try {
      await expect(openDatabase({ ...where, log: recordingLogger() })).rejects.toThrow(/already open in this process/);
    } finally {
      await db.close();
    }
    const again = await openDatabase({ ...where, log: recordingLogger() });
    await again.close();
  });

  it("is refused, naming the process, while another process has it open", async () => {
    const where = await backend.fresh();
    const child = spawn(process.execPath, [HOLDER, where.dataDir], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("open") && resolve());
        child.on("exit", (code) => reject(new Error(`the holder exited with ${code}`)));
      });
      await expect(openDatabase({ ...where, log: recordingLogger() })).rejects.toThrow(
        new RegExp(`in use by process ${child.pid}\\. Only one Switchyard server can use a data directory`),
      );
    } finally {
      child.stdin.end();
      await new Promise((resolve) => child.once("exit", resolve));
    }
    // Once the other process closed it, it opens here, with what the other one made.
    const db = await openDatabase({ ...where, log: recordingLogger() });
    try {
      expect(db.appliedMigrations).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it("keeps what a server wrote before it was killed, and is taken over from it", async () => {
    const where = await backend.fresh();
    const child = spawn(process.execPath, [HOLDER, where.dataDir, "--crash", "crashed-aaaaaaaaaaaa"], { stdio: "inherit" });
    const signal = await new Promise((resolve) => child.once("exit", (_code, sig) => resolve(sig)));
    expect(signal).toBe("SIGKILL");
    expect((await readFile(`${embeddedDatabaseDir(where.dataDir)}.lock`, "utf8")).split(" ")[0]).toBe(String(child.pid));

    const again = await openDatabase({ ...where, log: recordingLogger() });
    try {
      expect(again.appliedMigrations).toEqual([]);
      expect(await again.query("SELECT id FROM learners")).toEqual([{ id: "crashed-aaaaaaaaaaaa" }]);
    } finally {
      await again.close();
    }
  });
});
