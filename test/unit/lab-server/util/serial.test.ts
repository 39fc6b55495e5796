import { describe, expect, it } from "vitest";
import { SerialRunner } from "../../../../lab-server/util/serial.ts";

describe("SerialRunner", () => {
  it("runs one job at a time and shares one queued run among requests made meanwhile", async () => {
    let runs = 0;
    let running = 0;
    let maxRunning = 0;
    const gates: (() => void)[] = [];
    const runner = new SerialRunner(async () => {
      runs += 1;
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running -= 1;
      return runs;
    });
    const first = runner.request();
    expect(runner.request()).toBe(first); // not started yet: the same run serves both
    await new Promise((resolve) => setImmediate(resolve));
    expect(running).toBe(1);
    const second = runner.request();
    const third = runner.request();
    expect(second).toBe(third);
    expect(second).not.toBe(first);
    gates.shift()?.();
    expect(await first).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    gates.shift()?.();
    expect(await second).toBe(2);
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
  });

  it("keeps going after a failed run", async () => {
    let calls = 0;
    const runner = new SerialRunner(async () => {
      calls += 1;
      if (calls === 1) throw new Error("boom");
      return calls;
    });
    await expect(runner.request()).rejects.toThrow("boom");
    expect(await runner.request()).toBe(2);
  });
});
