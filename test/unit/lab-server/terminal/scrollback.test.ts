import { describe, expect, it } from "vitest";
import { Scrollback } from "../../../../lab-server/terminal/scrollback.ts";

describe("Scrollback", () => {
  it("keeps only the newest bytes up to its capacity", () => {
    const sb = new Scrollback(10);
    sb.push(Buffer.from("hello "));
    sb.push(Buffer.from("world, again"));
    expect(sb.size).toBe(10);
    expect(sb.snapshot().toString()).toBe("rld, again");
  });

  it("never starts a replay in the middle of a UTF-8 character", () => {
    const sb = new Scrollback(4);
    sb.push(Buffer.from("ab→cd")); // → is three bytes; keeping the last four cuts it in two
    const text = sb.snapshot().toString("utf8");
    expect(text).not.toContain("\ufffd");
    expect(text).toBe("cd");
  });

  it("returns an empty buffer before any output", () => {
    expect(new Scrollback(8).snapshot().length).toBe(0);
  });
});
