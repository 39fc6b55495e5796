/**
 * The pieces of a terminal's flood handling that need no engine: the output budget's token
 * bucket, and what a skipped backlog shows instead of itself.
 */
import { describe, expect, it } from "vitest";
import { SKIP_TAIL_BYTES, SkippedBacklog } from "../../../../lab-server/terminal/interrupt-skip.ts";
import { OutputRate } from "../../../../lab-server/terminal/output-rate.ts";

describe("OutputRate", () => {
  it("lets a burst through, then asks for the time the rate needs", () => {
    let now = 0;
    const rate = new OutputRate(1000, 500, () => now);
    expect(rate.take(500)).toBe(0);
    // 250 bytes over the budget at 1 byte/ms.
    expect(rate.take(250)).toBe(250);
    now += 250;
    expect(rate.take(0)).toBe(0);
    // Refilled at the rate, never beyond the burst.
    now += 10_000;
    expect(rate.take(500)).toBe(0);
    expect(rate.take(1)).toBe(1);
  });
});

describe("SkippedBacklog", () => {
  it("shows nothing when nothing was dropped", () => {
    expect(new SkippedBacklog().finish().length).toBe(0);
  });

  it("shows a note and the tail from its first line break, so the prompt after a flood is seen", () => {
    const backlog = new SkippedBacklog();
    const line = "y\x1b[0m flood line\r\n";
    for (let i = 0; i < 10_000; i++) backlog.push(Buffer.from(line));
    const prompt = "^C\r\nhost1:~# ";
    backlog.push(Buffer.from(prompt));
    const shown = backlog.finish().toString();
    expect(backlog.dropped).toBe(10_000 * line.length + prompt.length);
    expect(shown.startsWith("\r\n\x1b[2m[")).toBe(true);
    expect(shown).toMatch(/\[\d+ KiB of output skipped after Ctrl-C\]/);
    expect(shown.endsWith(prompt)).toBe(true);
    // The tail starts at a line's beginning, not inside one.
    const tail = shown.slice(shown.indexOf("]\x1b[0m\r\n") + 7);
    expect(tail.startsWith("y\x1b[0m flood line")).toBe(true);
    expect(tail.length).toBeLessThanOrEqual(SKIP_TAIL_BYTES);
  });

  it("keeps a short backlog whole", () => {
    const backlog = new SkippedBacklog();
    backlog.push(Buffer.from("partial output\r\nhost1:~# "));
    expect(backlog.finish().toString()).toContain("partial output\r\nhost1:~# ");
  });
});
