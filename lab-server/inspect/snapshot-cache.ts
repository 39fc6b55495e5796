/**
 * Reuses a host's snapshot between evaluations while its engine has reported no change. Every
 * change to what a snapshot holds (containers, networks, swarm membership) is an engine event, and
 * the sandbox watcher counts them; an age limit guards against an event stream that missed some.
 */
import { HOST_READ_TIMEOUT_MS } from "./deadline.ts";
import type { SandboxReader } from "./reader.ts";
import { type HostSnapshot, type SnapshotTarget, snapshotHost } from "./snapshot.ts";

/** Longest a snapshot is reused, even without events. */
const MAX_AGE_MS = 10_000;

interface Entry {
  generation: number;
  at: number;
  snapshot: Promise<HostSnapshot>;
}

/** Snapshots by host name, valid for one generation of engine events. */
export class SnapshotCache {
  readonly #generation: () => number;
  readonly #entries = new Map<string, Entry>();

  /** `generation` counts the sandbox's engine events so far. */
  constructor(generation: () => number) {
    this.#generation = generation;
  }

  /** The host's snapshot: the cached one if nothing changed since it was taken, else `take()`'s. */
  get(host: string, take: () => Promise<HostSnapshot>, now = Date.now()): Promise<HostSnapshot> {
    // Read before taking: an event that arrives while the snapshot is taken makes it stale at once.
    const generation = this.#generation();
    const cached = this.#entries.get(host);
    if (cached && cached.generation === generation && now - cached.at < MAX_AGE_MS) return cached.snapshot;
    const entry: Entry = { generation, at: now, snapshot: take() };
    this.#entries.set(host, entry);
    entry.snapshot.catch(() => {
      if (this.#entries.get(host) === entry) this.#entries.delete(host);
    });
    return entry.snapshot;
  }
}

/** A host's snapshot within the read deadline; with a `cache`, the one it holds while nothing changed. */
export function readHost(reader: SandboxReader, host: SnapshotTarget & { name: string }, cache?: SnapshotCache): Promise<HostSnapshot> {
  const take = () => snapshotHost(reader, host, HOST_READ_TIMEOUT_MS);
  return cache ? cache.get(host.name, take) : take();
}
