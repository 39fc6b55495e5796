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

  it("replays everything, unchanged, while nothing was dropped", () => {
    const sb = new Scrollback(64);
    sb.push(Buffer.from("\x1b[31mred\x1b[0m\r\n$ "));
    expect(sb.snapshot().toString()).toBe("\x1b[31mred\x1b[0m\r\n$ ");
  });

  it("starts a cut replay after a line break, with attributes reset, never inside an escape sequence", () => {
    const sb = new Scrollback(17);
    // Keeping the last 17 bytes cuts the reset sequence after "warning" in two: "[0m" is left.
    sb.push(Buffer.from("\x1b[38;5;196mwarning\x1b[0m\r\n$ ls\r\nfile\r\n"));
    const text = sb.snapshot().toString();
    expect(text).toBe("\x1b[0m$ ls\r\nfile\r\n");
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
