/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) running in this process,
 * persisted to a directory. The only module that imports PGlite.
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { Logger } from "../log.ts";
import {
  DatabaseError,
  type Driver,
  type MigrationConnection,
  type ScriptRunner,
  type SqlValue,
  statementSummary,
  wrapDriverError,
} from "./database.ts";
import { acquireDirLock } from "./dir-lock.ts";

/** Opens (creating it when empty) the embedded database in `dir`, which this process then holds alone. */
export async function openPglite(dir: string, log: Logger): Promise<Driver> {
  try {
    await mkdir(dirname(dir), { recursive: true });
  } catch (err) {
    throw new DatabaseError(`cannot create the data directory for the embedded database (${dir}): ${(err as Error).message}`, {
      cause: err,
    });
  }
  const lock = await acquireDirLock(`${dir}.lock`, dir);
  let pg: PGlite;
  try {
    pg = await PGlite.create(dir);
  } catch (err) {
    await lock.release();
    throw new DatabaseError(
      `cannot open the embedded database in ${dir}: ${(err as Error).message ?? String(err)}. Check that the directory is writable and holds a PGlite database (or is empty).`,
      { cause: err },
    );
  }
  log.debug(`embedded database open in ${dir}`);

  const runner = (target: PGlite | Transaction): ScriptRunner => ({
    async query<T extends object>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
      try {
        return (await target.query<T>(sql, [...params])).rows;
      } catch (err) {
        throw wrapDriverError(`query "${statementSummary(sql)}"`, err);
      }
    },
    async exec(script: string): Promise<void> {
      try {
        await target.exec(script);
      } catch (err) {
        throw wrapDriverError("script", err);
      }
    },
  });

  const main = runner(pg);
  const transaction = async <T>(fn: (tx: ScriptRunner) => Promise<T>): Promise<T> => {
    let failed = false;
    try {
      return await pg.transaction(async (tx) => {
        try {
          return await fn(runner(tx));
        } catch (err) {
          failed = true;
          throw err;
        }
      });
    } catch (err) {
      // Errors from `fn` pass through as they are; the driver's own (BEGIN, COMMIT) are wrapped.
      if (failed) throw err;
      throw wrapDriverError("transaction", err);
    }
  };
  const connection: MigrationConnection = { ...main, transaction };
  let closed: Promise<void> | undefined;

  return {
    kind: "pglite",
    location: dir,
    query: main.query,
    transaction,
    exclusive: (fn) => fn(connection),
    close: () => {
      closed ??= (async () => {
        try {
          await pg.close();
        } catch (err) {
          log.warn(`closing the embedded database in ${dir}`, err);
        } finally {
          await lock.release();
        }
      })();
      return closed;
    },
  };
}
