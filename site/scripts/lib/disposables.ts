/** Something that holds a resource (a listener, a timer, a socket) and can let it go. */
export interface Disposable {
  dispose(): void;
}

/** Wraps a clean-up function as a {@link Disposable} that runs at most once. */
export function toDisposable(cleanUp: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      cleanUp();
    },
  };
}

/** Adds a DOM event listener and returns a {@link Disposable} that removes it. */
export function listen<K extends keyof HTMLElementEventMap>(
  target: HTMLElement,
  type: K,
  listener: (event: HTMLElementEventMap[K]) => void,
  options?: AddEventListenerOptions,
): Disposable;
export function listen<K extends keyof DocumentEventMap>(
  target: Document,
  type: K,
  listener: (event: DocumentEventMap[K]) => void,
  options?: AddEventListenerOptions,
): Disposable;
export function listen<K extends keyof WindowEventMap>(
  target: Window,
  type: K,
  listener: (event: WindowEventMap[K]) => void,
  options?: AddEventListenerOptions,
): Disposable;
export function listen(target: EventTarget, type: string, listener: (event: Event) => void, options?: AddEventListenerOptions): Disposable {
  target.addEventListener(type, listener, options);
  return toDisposable(() => target.removeEventListener(type, listener, options));
}

/**
 * A list of everything an object has set up. Disposing the store disposes every entry, newest
 * first, and anything added afterwards is disposed at once (so late callbacks cannot leak).
 */
export class DisposableStore implements Disposable {
  #items: Disposable[] = [];
  #disposed = false;

  /** True once {@link dispose} has run. */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  /** Registers `item` for disposal and returns it. */
  add<T extends Disposable>(item: T): T {
    if (this.#disposed) item.dispose();
    else this.#items.push(item);
    return item;
  }

  /** Registers a clean-up function. */
  defer(cleanUp: () => void): Disposable {
    return this.add(toDisposable(cleanUp));
  }

  /** Registers a timeout and returns a handle that cancels it. */
  setTimeout(callback: () => void, ms: number): Disposable {
    const id = globalThis.setTimeout(callback, ms);
    return this.add(toDisposable(() => globalThis.clearTimeout(id)));
  }

  /** Registers an interval and returns a handle that cancels it. */
  setInterval(callback: () => void, ms: number): Disposable {
    const id = globalThis.setInterval(callback, ms);
    return this.add(toDisposable(() => globalThis.clearInterval(id)));
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const items = this.#items.reverse();
    this.#items = [];
    for (const item of items) item.dispose();
  }
}
