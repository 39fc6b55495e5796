import { describe, expect, it } from "vitest";
import { LiveValue } from "../../../../lab-server/util/live-value.ts";

describe("LiveValue", () => {
  it("publishes a result only when it differs from the last one published, and nothing once stopped", async () => {
    const results = [1, 1, 2, 3];
    const published: number[] = [];
    const value = new LiveValue({ compute: async () => results.shift() as number, publish: (n) => void published.push(n) });
    await value.refresh();
    await value.refresh();
    await value.refresh();
    expect(published).toEqual([1, 2]);
    expect(value.latest).toBe(2);
    value.stop();
    await value.refresh();
    expect(published).toEqual([1, 2]);
  });

  it("compares by the key it is given", async () => {
    const published: { n: number; at: number }[] = [];
    let at = 0;
    const value = new LiveValue({
      compute: async () => ({ n: 1, at: at++ }),
      publish: (v) => void published.push(v),
      key: (v) => String(v.n),
    });
    await value.refresh();
    await value.refresh();
    expect(published).toHaveLength(1);
  });
});
