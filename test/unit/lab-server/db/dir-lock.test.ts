import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseError } from "../../../../lab-server/db/database.ts";
import { acquireDirLock } from "../../../../lab-server/db/dir-lock.ts";

describe("acquireDirLock", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "switchyard-lock-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("writes this process's pid, refuses a second holder in this process, and is free again once released", async () => {
    const path = join(dir, "a.lock");
    const lock = await acquireDirLock(path, "/data/db");
    expect((await readFile(path, "utf8")).split(" ")[0]).toBe(String(process.pid));
    expect(((await stat(path)).mode & 0o777).toString(8)).toBe("600");
    await expect(acquireDirLock(path, "/data/db")).rejects.toThrow(/the embedded database in \/data\/db is already open in this process/);
    await lock.release();
    await lock.release();
    await expect(readFile(path)).rejects.toThrow();
    const again = await acquireDirLock(path, "/data/db");
    await again.release();
  });

  it("refuses a lock held by another running process, naming it", async () => {
    const path = join(dir, "b.lock");
    const other = spawn("sleep", ["30"]);
    try {
      await writeFile(path, `${other.pid} -\n`);
      const err = await acquireDirLock(path, "/data/db").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseError);
      expect((err as Error).message).toMatch(new RegExp(`in use by process ${other.pid}\\..*SWITCHYARD_DATA_DIR`));
    } finally {
      other.kill();
    }
  });

  it("takes over a lock whose process has ended, or whose pid now belongs to another process", async () => {
    const ended = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => ended.once("exit", resolve));
    const path = join(dir, "c.lock");
    await writeFile(path, `${ended.pid} -\n`);
    await (await acquireDirLock(path, "/data/db")).release();

    // Left by an earlier life of this very pid (a restarted container).
    await writeFile(path, `${process.pid} -\n`);
    await (await acquireDirLock(path, "/data/db")).release();

    // A pid reused by another running process: its start time is not the one recorded.
    const other = spawn("sleep", ["30"]);
    try {
      await writeFile(path, `${other.pid} 1\n`);
      await (await acquireDirLock(path, "/data/db")).release();
    } finally {
      other.kill();
    }
  });

  it("says why when the lock cannot be written", async () => {
    await expect(acquireDirLock("/nonexistent/dir/db.lock", "/nonexistent/dir/db")).rejects.toThrow(
      /cannot lock the embedded database directory/,
    );
  });
});
