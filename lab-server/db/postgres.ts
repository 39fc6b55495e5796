/**
 * A PostgreSQL server, when DATABASE_URL is set: a small connection pool (node-postgres). The only
 * module that imports `pg`.
 */
import { Pool, type PoolClient } from "pg";
import type { Logger } from "../log.ts";
import {
  DatabaseError,
  type Driver,
  type MigrationConnection,
  redactUrl,
  type ScriptRunner,
  type SqlValue,
  statementSummary,
  wrapDriverError,
} from "./database.ts";

/** Key of the session advisory lock held while migrating ("Switchyard", "migrations"). */
const MIGRATION_LOCK: readonly [number, number] = [0x53_57_59_44, 1];

/** Options of `openPostgres`. */
export interface PostgresOptions {
  /** How long to wait for a connection before failing (default 10 s). */
  connectTimeoutMs?: number;
  /** Most connections in the pool (default 10). */
  maxConnections?: number;
}

/** Connects to the server at `url` and checks that it answers; fails naming DATABASE_URL when it does not. */
export async function openPostgres(url: string, log: Logger, options: PostgresOptions = {}): Promise<Driver> {
  const location = redactUrl(url);
  if (!/^postgres(ql)?:\/\/./.test(url) || !URL.canParse(url)) {
    throw new DatabaseError(
      `DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/switchyard, not ${location}. Unset it to use the embedded database.`,
    );
  }
  let pool: Pool;
  try {
    pool = new Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      idleTimeoutMillis: 30_000,
      application_name: "switchyard",
    });
  } catch (err) {
    throw new DatabaseError(`DATABASE_URL is not a usable PostgreSQL URL (${location}): ${(err as Error).message}`, { cause: err });
  }
  // An idle connection that breaks (server restart) must not crash the process; the pool replaces it.
  pool.on("error", (err) => log.warn(`PostgreSQL connection at ${location} lost`, err));
  try {
    await pool.query("SELECT 1");
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseError(
      `cannot reach the PostgreSQL database at DATABASE_URL=${location}: ${describeConnectError(err)}. Check that the server runs and that DATABASE_URL (user, password, host, port, database name) is right, or unset DATABASE_URL to use the embedded database.`,
      { cause: err, sqlState: sqlStateOf(err) },
    );
  }
  log.debug(`PostgreSQL database at ${location} answers`);

  const runner = (target: Pool | PoolClient): ScriptRunner => ({
    async query<T extends object>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
      try {
        return (await target.query(sql, [...params])).rows as T[];
      } catch (err) {
        throw wrapDriverError(`query "${statementSummary(sql)}"`, err);
      }
    },
    async exec(script: string): Promise<void> {
      try {
        // Without parameters node-postgres uses the simple protocol, which runs several statements.
        await target.query(script);
      } catch (err) {
        throw wrapDriverError("script", err);
      }
    },
  });

  /** A client whose state is unknown (a ROLLBACK or unlock failed): destroyed instead of reused. */
  const broken = new WeakSet<PoolClient>();

  /** Runs `fn` in a transaction on `client`, which the caller holds. */
  const transactionOn = async <T>(client: PoolClient, fn: (tx: ScriptRunner) => Promise<T>): Promise<T> => {
    const tx = runner(client);
    await tx.exec("BEGIN");
    let result: T;
    try {
      result = await fn(tx);
    } catch (err) {
      await tx.exec("ROLLBACK").catch(() => broken.add(client));
      throw err;
    }
    try {
      await tx.exec("COMMIT");
    } catch (err) {
      broken.add(client);
      throw err;
    }
    return result;
  };

  /** Runs `fn` with a client of its own. */
  const withClient = async <T>(fn: (client: PoolClient) => Promise<T>): Promise<T> => {
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw wrapDriverError(`connecting to ${location}`, err);
    }
    try {
      return await fn(client);
    } finally {
      client.release(broken.has(client) ? new Error("connection in an unknown state") : undefined);
    }
  };

  let closed: Promise<void> | undefined;
  return {
    kind: "postgres",
    location,
    query: runner(pool).query,
    transaction: (fn) => withClient((client) => transactionOn(client, fn)),
    exclusive: (fn) =>
      withClient(async (client) => {
        const conn: MigrationConnection = { ...runner(client), transaction: (f) => transactionOn(client, f) };
        await conn.query("SELECT pg_advisory_lock($1, $2)", [...MIGRATION_LOCK]);
        try {
          return await fn(conn);
        } finally {
          // Should the unlock fail, closing the connection releases the lock.
          await conn.query("SELECT pg_advisory_unlock($1, $2)", [...MIGRATION_LOCK]).catch(() => broken.add(client));
        }
      }),
    close: () => {
      closed ??= pool.end().catch((err: unknown) => log.warn(`closing the PostgreSQL pool for ${location}`, err));
      return closed;
    },
  };
}

function sqlStateOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** A connection failure in an operator's words. */
function describeConnectError(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { code?: string };
  switch (e?.code) {
    case "ECONNREFUSED":
      return "connection refused (is PostgreSQL running, on that host and port?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "unknown host";
    case "28P01":
    case "28000":
      return `authentication failed (${e.message})`;
    case "3D000":
      return `the database does not exist (${e.message})`;
    default:
      return e instanceof Error ? e.message || e.code || "unknown error" : String(err);
  }
}
