import { type Disposable, toDisposable } from "./disposables.ts";

/** A listener for one event type of an {@link Emitter}. */
export type Listener<T> = (event: T) => void;

/**
 * A tiny typed event emitter. `Events` maps each event name to its payload type, e.g.
 * `Emitter<{ output: Uint8Array; closed: { reason: string } }>`.
 */
export class Emitter<Events extends object> implements Disposable {
  #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Calls `listener` for every `type` event until the returned handle is disposed. */
  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): Disposable {
    let set = this.#listeners.get(type);
    if (!set) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener);
    return toDisposable(() => set.delete(listener));
  }

  /** Delivers `event` to every current listener of `type`. */
  emit<K extends keyof Events>(type: K, event: Events[K]): void {
    const set = this.#listeners.get(type) as Set<Listener<Events[K]>> | undefined;
    if (!set) return;
    for (const listener of [...set]) listener(event);
  }

  /** Forgets every listener. */
  dispose(): void {
    this.#listeners.clear();
  }
}
