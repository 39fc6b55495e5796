/** How the lab panel shows the map: not at all, beside the terminal, or instead of it. */
export type MapViewMode = "off" | "split" | "full";

/** What the map remembers in this browser, for every lesson. */
export interface MapViewMemory {
  mode: MapViewMode;
  /** True when the learner prefers the map as a list. */
  list: boolean;
}

/** Loads and saves the {@link MapViewMemory}. */
export interface MapViewStore {
  load(): MapViewMemory;
  save(memory: MapViewMemory): void;
}

/** Where the memory is kept in `localStorage` (TerminalPanel.astro reads it before first paint). */
export const MAP_VIEW_STORAGE_KEY = "switchyard:map-view";

const MODES: readonly string[] = ["off", "split", "full"];

/** Reads a stored memory, repairing anything missing or malformed. */
export function parseMapViewMemory(raw: string | null): MapViewMemory {
  try {
    const value: unknown = JSON.parse(raw ?? "{}");
    const record = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
    const mode = typeof record["mode"] === "string" && MODES.includes(record["mode"]) ? (record["mode"] as MapViewMode) : "off";
    return { mode, list: record["list"] === true };
  } catch {
    return { mode: "off", list: false };
  }
}

/** A {@link MapViewStore} in `localStorage` (which may be blocked: then nothing is remembered). */
export function browserMapViewStore(storage: () => Storage = () => window.localStorage): MapViewStore {
  return {
    load() {
      try {
        return parseMapViewMemory(storage().getItem(MAP_VIEW_STORAGE_KEY));
      } catch {
        return parseMapViewMemory(null);
      }
    },
    save(memory) {
      try {
        storage().setItem(MAP_VIEW_STORAGE_KEY, JSON.stringify(memory));
      } catch {
        // The choice just is not remembered.
      }
    },
  };
}
