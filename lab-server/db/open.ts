/**
 * Opens Switchyard's database: a PostgreSQL server when a URL is given (DATABASE_URL), else the
 * embedded PGlite database in `<dataDir>/db`; then brings its schema up to date.
 */
import { join } from "node:path";
import type { Logger } from "../log.ts";
import type { Database, Driver } from "./database.ts";
import { MIGRATIONS_DIR, migrate, readMigrations } from "./migrate.ts";

/** Options of `openDatabase`. */
export interface OpenDatabaseOptions {
  /** A PostgreSQL URL (DATABASE_URL); when empty or undefined, the embedded database is used. */
  url?: string | undefined;
  /** The server's data directory (SWITCHYARD_DATA_DIR); the embedded database lives in its `db/`. */
  dataDir: string;
  log: Logger;
  /** Where the migrations are; tests only. */
  migrationsDir?: string;
  /** How long to wait for PostgreSQL to answer (default 10 s). */
  connectTimeoutMs?: number;
}

/** The embedded database's directory under a data directory. */
export function embeddedDatabaseDir(dataDir: string): string {
  return join(dataDir, "db");
}

/**
 * Opens the database the options select and applies pending migrations. Fails with a
 * DatabaseError saying what to do (naming DATABASE_URL when the server does not answer).
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { log } = options;
  const migrations = await readMigrations(options.migrationsDir ?? MIGRATIONS_DIR);
  const url = options.url?.trim();
  // Each driver is loaded only when used: a server on PostgreSQL never loads PGlite's WebAssembly.
  let driver: Driver;
  if (url) {
    const { openPostgres } = await import("./postgres.ts");
    driver = await openPostgres(url, log, options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs });
  } else {
    const { openPglite } = await import("./pglite.ts");
    driver = await openPglite(embeddedDatabaseDir(options.dataDir), log);
  }
  let appliedMigrations: string[];
  try {
    appliedMigrations = await migrate(driver, migrations, log);
  } catch (err) {
    await driver.close();
    throw err;
  }
  log.info(`database: ${driver.kind === "pglite" ? "embedded, in" : "PostgreSQL at"} ${driver.location}`);
  return {
    kind: driver.kind,
    location: driver.location,
    appliedMigrations,
    query: driver.query,
    transaction: driver.transaction,
    close: driver.close,
  };
}
