/**
 * A lock file that keeps the embedded database's directory to one process: PGlite runs PostgreSQL
 * inside this process, and two of them writing the same directory would corrupt it. The file
 * names its owner (pid and, on Linux, the process's start time, so that a pid reused after a
 * restart is not mistaken for the owner); a lock whose owner no longer runs is taken over.
 */
import { readFileSync } from "node:fs";
import { open, readFile, unlink } from "node:fs/promises";
import { resolve } from "node:path";
import { DatabaseError } from "./database.ts";

/** A held lock; `release()` removes the file (idempotent). */
export interface DirLock {
  release(): Promise<void>;
}

/** Lock files this process holds. */
const held = new Set<string>();

/** Takes the lock file at `path` for the directory `dir`, or fails saying which process holds it. */
export async function acquireDirLock(path: string, dir: string): Promise<DirLock> {
  const key = resolve(path);
  if (held.has(key)) {
    throw new DatabaseError(`the embedded database in ${dir} is already open in this process; close it before opening it again.`);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const file = await open(path, "wx", 0o600);
      await file.writeFile(`${process.pid} ${startTime(process.pid) ?? "-"}\n`);
      await file.close();
      held.add(key);
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          held.delete(key);
          await unlink(path).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new DatabaseError(`cannot lock the embedded database directory ${dir} (${path}): ${(err as Error).message}`, { cause: err });
      }
    }
    const [pidText, started] = (await readFile(path, "utf8").catch(() => "")).trim().split(/\s+/);
    const owner = Number.parseInt(pidText ?? "", 10);
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner, started)) {
      throw new DatabaseError(
        `the embedded database in ${dir} is in use by process ${owner}. Only one Switchyard server can use a data directory: stop the other one, or give this one its own SWITCHYARD_DATA_DIR (or a DATABASE_URL).`,
      );
    }
    // Left by a process that ended without closing the database: take it over.
    await unlink(path).catch(() => undefined);
  }
  throw new DatabaseError(`cannot lock the embedded database directory ${dir}: ${path} keeps reappearing`);
}

/** True when `pid` runs and, where both are known, started at `started`. */
function isRunning(pid: number, started: string | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = startTime(pid);
  return started === undefined || started === "-" || now === undefined || now === started;
}

/** A process's start time in clock ticks since boot (Linux /proc), or undefined elsewhere. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, starttime field 22.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}
