/**
 * A Database that counts the statements run through it (in transactions too), so that a test can
 * assert how much SQL some work cost, or that it cost none.
 */
import type { Database, Queryable, SqlValue } from "../../lab-server/db/database.ts";

/** `db` with every statement counted in `statements`, and the SQL of each kept in `log`. */
export function countingDatabase(db: Database): { db: Database; readonly statements: number; log: string[] } {
  const log: string[] = [];
  const counted = (q: Queryable): Queryable => ({
    query: <T extends object>(sql: string, params?: readonly SqlValue[]) => {
      log.push(sql.replace(/\s+/g, " ").trim());
      return q.query<T>(sql, params);
    },
  });
  const wrapped: Database = {
    kind: db.kind,
    location: db.location,
    appliedMigrations: db.appliedMigrations,
    query: counted(db).query,
    transaction: (fn) => db.transaction((tx) => fn(counted(tx))),
    close: () => db.close(),
  };
  return {
    db: wrapped,
    get statements() {
      return log.length;
    },
    log,
  };
}
