import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DatabaseError, redactUrl, statementSummary, wrapDriverError } from "../../../../lab-server/db/database.ts";
import { readMigrations } from "../../../../lab-server/db/migrate.ts";

const dirs: string[] = [];
async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "switchyard-migrations-"));
  dirs.push(dir);
  for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("readMigrations", () => {
  it("reads the shipped migrations, numbered from 001 without gaps", async () => {
    const migrations = await readMigrations();
    expect(migrations[0]?.name).toBe("001_progress");
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it("orders by number, ignores other files, and checksums with normalized line endings", async () => {
    const dir = await migrationsDir({
      "010_later.sql": "SELECT 10;\r\n",
      "002_second.sql": "SELECT 2;\n",
      "README.md": "not a migration",
    });
    const migrations = await readMigrations(dir);
    expect(migrations.map((m) => m.name)).toEqual(["002_second", "010_later"]);
    expect(migrations[1]?.sql).toBe("SELECT 10;\n");
    const unix = await readMigrations(await migrationsDir({ "010_later.sql": "SELECT 10;\n" }));
    expect(unix[0]?.checksum).toBe(migrations[1]?.checksum);
  });

  it("refuses a misnamed file, saying how to name it", async () => {
    const dir = await migrationsDir({ "2_second.sql": "SELECT 2;" });
    await expect(readMigrations(dir)).rejects.toThrow(/2_second\.sql is misnamed: use NNN_lower_case_words\.sql/);
  });

  it("refuses two migrations with the same number", async () => {
    const dir = await migrationsDir({ "003_a.sql": "SELECT 1;", "003_b.sql": "SELECT 2;" });
    await expect(readMigrations(dir)).rejects.toThrow(/003_a and 003_b .* have the same number/);
  });

  it("fails clearly when the directory is missing", async () => {
    await expect(readMigrations("/nonexistent/migrations")).rejects.toThrow(/cannot read the migrations in \/nonexistent\/migrations/);
  });
});

describe("database error helpers", () => {
  it("hides a URL's password", () => {
    expect(redactUrl("postgres://user:secret@db.example:5432/app?sslmode=require")).toBe(
      "postgres://user:***@db.example:5432/app?sslmode=require",
    );
    expect(redactUrl("postgres://db.example/app")).toBe("postgres://db.example/app");
    expect(redactUrl("not a url with secret")).toBe("(unparseable URL)");
  });

  it("wraps a driver error with what was being done and its SQLSTATE, and passes DatabaseErrors through", () => {
    const driverError = Object.assign(new Error("duplicate key value"), { code: "23505" });
    const wrapped = wrapDriverError("query", driverError);
    expect(wrapped).toBeInstanceOf(DatabaseError);
    expect(wrapped.message).toBe("query failed: duplicate key value (SQLSTATE 23505)");
    expect(wrapped.sqlState).toBe("23505");
    expect(wrapped.cause).toBe(driverError);
    expect(wrapDriverError("other", wrapped)).toBe(wrapped);
    const network = wrapDriverError("query", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
    expect(network.sqlState).toBeUndefined();
  });

  it("summarizes a statement on one short line", () => {
    expect(statementSummary("SELECT a,\n       b\n  FROM t")).toBe("SELECT a, b FROM t");
    expect(statementSummary(`SELECT ${"x, ".repeat(40)}1`)).toHaveLength(60);
  });
});
