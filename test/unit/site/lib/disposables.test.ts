// toDisposable (runs once) and DisposableStore (newest first, late additions disposed at once,
// timers cancelled).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DisposableStore, toDisposable } from "../../../../site/scripts/lib/disposables.ts";

describe("toDisposable", () => {
  it("runs its clean-up once, however often it is disposed", () => {
    const cleanUp = vi.fn();
    const handle = toDisposable(cleanUp);
    expect(cleanUp).not.toHaveBeenCalled();
    handle.dispose();
    handle.dispose();
    expect(cleanUp).toHaveBeenCalledTimes(1);
  });
});

describe("DisposableStore", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("disposes everything it holds, newest first, once", () => {
    const store = new DisposableStore();
    const order: string[] = [];
    const first = toDisposable(() => order.push("first"));
    expect(store.add(first)).toBe(first);
    store.defer(() => order.push("second"));
    expect(store.isDisposed).toBe(false);
    store.dispose();
    store.dispose();
    expect(order).toEqual(["second", "first"]);
    expect(store.isDisposed).toBe(true);
  });

  it("disposes what is added after it was disposed at once", () => {
    const store = new DisposableStore();
    store.dispose();
    const late = vi.fn();
    store.defer(late);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it("cancels its timeouts and intervals when disposed, or one by one", () => {
    const store = new DisposableStore();
    const once = vi.fn();
    const cancelled = vi.fn();
    const tick = vi.fn();
    store.setTimeout(once, 100);
    store.setTimeout(cancelled, 100).dispose();
    store.setInterval(tick, 50);
    vi.advanceTimersByTime(120);
    expect(once).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
    expect(tick).toHaveBeenCalledTimes(2);
    store.dispose();
    vi.advanceTimersByTime(500);
    expect(tick).toHaveBeenCalledTimes(2);
  });

  it("never fires a timeout once disposed", () => {
    const store = new DisposableStore();
    const callback = vi.fn();
    store.setTimeout(callback, 100);
    store.dispose();
    vi.advanceTimersByTime(200);
    expect(callback).not.toHaveBeenCalled();
  });
});
