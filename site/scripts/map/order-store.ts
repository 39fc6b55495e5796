import { z } from "zod";

/** Keeps the map's order memory (site/scripts/map/model/order.ts) across reloads of a lesson. */
export interface MapOrderStore {
  load(): string[];
  save(keys: readonly string[]): void;
  clear(): void;
}

const stored = z.array(z.string());

/** Key under which a lesson's map order is kept. */
export function mapOrderStorageKey(lesson: string): string {
  return `switchyard:map-order:${lesson}`;
}

/**
 * A {@link MapOrderStore} in `sessionStorage`, like the lab session itself: a reload finds the
 * same sandbox and draws it in the same order. Blocked storage just means no memory.
 */
export function browserMapOrderStore(lesson: string, storage: () => Storage = () => window.sessionStorage): MapOrderStore {
  const key = mapOrderStorageKey(lesson);
  return {
    load() {
      try {
        const parsed = stored.safeParse(JSON.parse(storage().getItem(key) ?? "[]"));
        return parsed.success ? parsed.data : [];
      } catch {
        return [];
      }
    },
    save(keys) {
      try {
        storage().setItem(key, JSON.stringify(keys));
      } catch {
        // Without storage a reload orders the map afresh.
      }
    },
    clear() {
      try {
        storage().removeItem(key);
      } catch {
        // Nothing was kept.
      }
    },
  };
}
