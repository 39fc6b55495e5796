/**
 * Schema migrations: the numbered SQL files in `migrations/` (`001_progress.sql`, …), the same for
 * both drivers. At start each file not yet recorded in `schema_migrations` is applied in a
 * transaction of its own, together with its record, in number order, while holding the driver's
 * exclusive lock (so two servers starting at once apply each file once). A migration is never
 * edited once released: add a new file instead. Statements that cannot run in a transaction
 * (`CREATE INDEX CONCURRENTLY`) are not allowed.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../log.ts";
import { DatabaseError, type Driver } from "./database.ts";

/** The migrations shipped with Switchyard. */
export const MIGRATIONS_DIR = join(import.meta.dirname, "migrations");

/** One migration file. */
export interface Migration {
  /** Its number, e.g. 1 for `001_progress.sql`. */
  version: number;
  /** File name without `.sql`, e.g. `001_progress`. */
  name: string;
  /** The SQL script. */
  sql: string;
  /** sha256 of the script (line endings normalized), to notice a released migration being edited. */
  checksum: string;
}

const FILE_NAME = /^(\d{3})_[a-z0-9_]+\.sql$/;

/** Reads and orders the migrations in `dir`; fails on a badly named file or a number used twice. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith(".sql"));
  } catch (err) {
    throw new DatabaseError(`cannot read the migrations in ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_NAME.exec(file);
    if (!match)
      throw new DatabaseError(`migration file ${join(dir, file)} is misnamed: use NNN_lower_case_words.sql, e.g. 002_display_names.sql`);
    const sql = (await readFile(join(dir, file), "utf8")).replace(/\r\n/g, "\n");
    migrations.push({
      version: Number(match[1]),
      name: file.slice(0, -".sql".length),
      sql,
      checksum: createHash("sha256").update(sql).digest("hex"),
    });
  }
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    const previous = migrations[i - 1];
    if (previous?.version === m.version)
      throw new DatabaseError(`migrations ${previous.name} and ${m.name} in ${dir} have the same number`);
  });
  return migrations;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/** Applies the migrations `db` lacks; returns the names of those it applied, in order. */
export async function migrate(db: Driver, migrations: readonly Migration[], log: Logger): Promise<string[]> {
  return db.exclusive(async (conn) => {
    await conn.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = new Map(
      (await conn.query<AppliedRow>("SELECT version, name, checksum FROM schema_migrations")).map((row) => [row.version, row]),
    );
    const known = new Set(migrations.map((m) => m.version));
    for (const row of applied.values()) {
      if (!known.has(row.version)) {
        log.warn(`the database has migration ${row.name}, which this version of Switchyard does not know (was it run by a newer one?)`);
      }
    }
    const done: string[] = [];
    for (const migration of migrations) {
      const previous = applied.get(migration.version);
      if (previous) {
        if (previous.checksum !== migration.checksum) {
          log.warn(
            `migration ${migration.name} changed after it was applied to ${db.location}; the change is not applied (add a new migration instead)`,
          );
        }
        continue;
      }
      try {
        await conn.transaction(async (tx) => {
          await tx.exec(migration.sql);
          await tx.query("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", [
            migration.version,
            migration.name,
            migration.checksum,
          ]);
        });
      } catch (err) {
        throw new DatabaseError(`migration ${migration.name} failed on ${db.location} and was rolled back: ${(err as Error).message}`, {
          cause: err,
          sqlState: err instanceof DatabaseError ? err.sqlState : undefined,
        });
      }
      log.info(`database ${db.location}: applied migration ${migration.name}`);
      done.push(migration.name);
    }
    return done;
  });
}
