// OrderMemory (first-seen order kept across maps, new keys last) and compare (locale-free order).
import { describe, expect, it } from "vitest";
import { compare, OrderMemory } from "../../../../../site/scripts/map/model/order.ts";

const id = (key: string) => key;

describe("OrderMemory", () => {
  it("orders keys it sees for the first time among themselves, by key unless told otherwise", () => {
    const memory = new OrderMemory();
    expect(memory.sort(["b", "c", "a"], id)).toEqual(["a", "b", "c"]);
    expect(memory.keys).toEqual(["a", "b", "c"]);

    const byLength = new OrderMemory();
    expect(byLength.sort(["ccc", "a", "bb"], id, (x, y) => x.length - y.length)).toEqual(["a", "bb", "ccc"]);
  });

  it("keeps what was there in place and puts new keys after every earlier one", () => {
    const memory = new OrderMemory();
    memory.sort(["m", "x"], id);
    expect(memory.sort(["a", "x", "m"], id)).toEqual(["m", "x", "a"]);
    // Gone keys keep their rank, so when they come back they return to their old place.
    expect(memory.sort(["a", "m"], id)).toEqual(["m", "a"]);
    expect(memory.sort(["a", "x", "m"], id)).toEqual(["m", "x", "a"]);
    expect(memory.keys).toEqual(["m", "x", "a"]);
  });

  it("sorts whole items by their key and leaves its input alone", () => {
    const memory = new OrderMemory(["web"]);
    const items = [{ name: "db" }, { name: "web" }];
    expect(memory.sort(items, (item) => item.name).map((item) => item.name)).toEqual(["web", "db"]);
    expect(items.map((item) => item.name)).toEqual(["db", "web"]);
  });

  it("starts from stored keys, dropping repeats", () => {
    const memory = new OrderMemory(["z", "y", "z"]);
    expect(memory.keys).toEqual(["z", "y"]);
    expect(memory.sort(["y", "a", "z"], id)).toEqual(["z", "y", "a"]);
  });

  it("forgets everything on clear", () => {
    const memory = new OrderMemory(["z", "y"]);
    memory.clear();
    expect(memory.keys).toEqual([]);
    expect(memory.sort(["z", "y"], id)).toEqual(["y", "z"]);
    expect(memory.keys).toEqual(["y", "z"]);
  });
});

describe("compare", () => {
  it("orders by UTF-16 code units, whatever the browser's locale", () => {
    expect(compare("a", "a")).toBe(0);
    expect(compare("a", "b")).toBe(-1);
    expect(compare("b", "a")).toBe(1);
    // A locale-aware comparison would put these the other way round.
    expect(compare("Z", "a")).toBe(-1);
    expect(compare("é", "z")).toBe(1);
    expect(["web2", "Web", "web10", "api"].sort(compare)).toEqual(["Web", "api", "web10", "web2"]);
  });
});
