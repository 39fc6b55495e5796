/**
 * At start: picks up the sessions an earlier run of this server instance left open (it crashed or
 * was killed), when their sandboxes are still running, and removes every other object the
 * instance owns (pooled sandboxes, half-provisioned ones, sandboxes whose hosts stopped).
 */
import type { Engine } from "../docker/engine.ts";
import type { LessonCatalog } from "../lessons/catalog.ts";
import { removeLeftovers } from "../sandbox/sandbox.ts";
import type { SessionRecord, SessionRecords } from "./session-records.ts";

/** What restoring needs. */
export interface RestoreDeps {
  engine: Engine;
  instance: string;
  lessons: LessonCatalog;
  /** Without records (no database), nothing is restored and everything is removed. */
  records: SessionRecords | undefined;
}

/** The sessions to pick up again, and how many leftover objects (containers, networks, volumes) were removed. */
export async function restoreOrRemove(deps: RestoreDeps): Promise<{ restored: SessionRecord[]; removed: number }> {
  const { engine, instance, lessons, records } = deps;
  const restored: SessionRecord[] = [];
  for (const record of (await records?.list()) ?? []) {
    const lesson = lessons.get(record.lesson);
    const sameShape = lesson?.lab.hosts.join(",") === record.sandbox.hosts.map((h) => h.name).join(",");
    const running = await Promise.all(record.sandbox.hosts.map((h) => engine.isRunning(h.containerId).catch(() => false)));
    if (sameShape && running.every(Boolean)) restored.push(record);
    else await records?.remove(record.id);
  }
  const removed = await removeLeftovers(engine, instance, new Set(restored.map((r) => r.sandbox.sessionId)));
  return { restored, removed };
}
