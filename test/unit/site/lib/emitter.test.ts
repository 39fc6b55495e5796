// Emitter: typed events delivered to the listeners of their type, until a listener's handle or
// the emitter is disposed.
import { describe, expect, it, vi } from "vitest";
import { Emitter } from "../../../../site/scripts/lib/emitter.ts";

interface Events {
  output: string;
  closed: { code: number };
}

describe("Emitter", () => {
  it("delivers each event to the current listeners of its type, in the order they came", () => {
    const emitter = new Emitter<Events>();
    const seen: string[] = [];
    emitter.on("output", (text) => seen.push(`a:${text}`));
    emitter.on("output", (text) => seen.push(`b:${text}`));
    emitter.on("closed", ({ code }) => seen.push(`closed:${code}`));
    emitter.emit("output", "hi");
    emitter.emit("closed", { code: 4000 });
    expect(seen).toEqual(["a:hi", "b:hi", "closed:4000"]);
  });

  it("stops calling a listener whose handle was disposed", () => {
    const emitter = new Emitter<Events>();
    const listener = vi.fn();
    const other = vi.fn();
    const handle = emitter.on("output", listener);
    emitter.on("output", other);
    emitter.emit("output", "one");
    handle.dispose();
    emitter.emit("output", "two");
    expect(listener.mock.calls).toEqual([["one"]]);
    expect(other.mock.calls).toEqual([["one"], ["two"]]);
  });

  it("does not call a listener added while an event is delivered until the next one", () => {
    const emitter = new Emitter<Events>();
    const late = vi.fn();
    emitter.on("output", () => {
      emitter.on("output", late);
    });
    emitter.emit("output", "first");
    expect(late).not.toHaveBeenCalled();
    emitter.emit("output", "second");
    expect(late).toHaveBeenCalledWith("second");
  });

  it("forgets every listener when disposed", () => {
    const emitter = new Emitter<Events>();
    const listener = vi.fn();
    emitter.on("closed", listener);
    emitter.dispose();
    emitter.emit("closed", { code: 1000 });
    expect(listener).not.toHaveBeenCalled();
  });

  it("does nothing for an event nobody listens to", () => {
    expect(() => new Emitter<Events>().emit("output", "x")).not.toThrow();
  });
});
