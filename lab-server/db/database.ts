/**
 * The storage layer's one interface. Two drivers implement it with the same SQL (PostgreSQL's
 * dialect): embedded PGlite (PostgreSQL compiled to WebAssembly, in this process, persisted to a
 * directory) by default, and a PostgreSQL server when DATABASE_URL is set. Only `pglite.ts` and
 * `postgres.ts` import a driver; everything else talks to a `Database`.
 *
 * Values come back the same from both drivers as long as queries stick to these column types:
 * `text` → string, `integer` → number, `boolean` → boolean, `timestamptz` → Date, NULL → null.
 * Avoid `bigint` and `numeric` in results (one driver returns strings); cast counts with `::int`.
 */

/** A query parameter (`$1`, `$2`, …). A Date is sent as an instant, for `timestamptz`. */
export type SqlValue = string | number | boolean | Date | null;

/** A result row as the driver returns it, before the caller names its columns' types. */
export type Row = Record<string, unknown>;

/** What can run parameterized statements: the database, or one of its transactions. */
export interface Queryable {
  /**
   * Runs one statement with `$1`… parameters and returns its rows, typed as the caller says
   * (`T` is not checked at run time: select exactly the columns `T` names, with the types above).
   * Fails with a `DatabaseError`.
   */
  query<T extends object = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
}

/** An open database: the embedded one or a PostgreSQL server, with the schema migrated. */
export interface Database extends Queryable {
  /** Which driver: `pglite` (embedded) or `postgres` (DATABASE_URL). */
  readonly kind: "pglite" | "postgres";
  /** Where the data lives, for logs: a directory, or the URL with its password hidden. */
  readonly location: string;
  /** Migrations this open applied, e.g. `["001_progress"]`; empty when the schema was current. */
  readonly appliedMigrations: readonly string[];
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws (the error
   * is rethrown). Use only `tx` inside `fn`; on the embedded database other queries wait for it.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the database (idempotent). On the embedded one, this also releases its directory. */
  close(): Promise<void>;
}

/** A failure of the database: unreachable, a bad migration, or a statement the server refused. */
export class DatabaseError extends Error {
  /** PostgreSQL's SQLSTATE when the server gave one (e.g. `23505` unique violation), else undefined. */
  readonly sqlState: string | undefined;

  constructor(message: string, options?: { cause?: unknown; sqlState?: string | undefined }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DatabaseError";
    this.sqlState = options?.sqlState;
  }
}

/** A query runner that can also run a script of several statements (no parameters): for migrations. */
export interface ScriptRunner extends Queryable {
  /** Runs every statement of `script` in order. Fails with a `DatabaseError`. */
  exec(script: string): Promise<void>;
}

/** One connection held exclusively, for applying migrations. */
export interface MigrationConnection extends ScriptRunner {
  transaction<T>(fn: (tx: ScriptRunner) => Promise<T>): Promise<T>;
}

/** What a driver module returns: a database not yet migrated, plus exclusive access for migrating. */
export interface Driver extends Omit<Database, "appliedMigrations"> {
  /**
   * Runs `fn` on one connection while no other process migrates the same database (PostgreSQL: a
   * session advisory lock; embedded: the directory is this process's alone already).
   */
  exclusive<T>(fn: (conn: MigrationConnection) => Promise<T>): Promise<T>;
}

/** A driver error as a DatabaseError saying what was being done; DatabaseErrors pass through. */
export function wrapDriverError(doing: string, err: unknown): DatabaseError {
  if (err instanceof DatabaseError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  const sqlState = typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  return new DatabaseError(`${doing} failed: ${message}${sqlState ? ` (SQLSTATE ${sqlState})` : ""}`, { cause: err, sqlState });
}

/** The first words of a statement, for error messages (never its parameters). */
export function statementSummary(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

/** `url` with its password replaced by `***`, safe for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
