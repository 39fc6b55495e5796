import { describe, expect, it } from "vitest";
import { Outbox } from "../../../../lab-server/util/outbox.ts";

/** A receiver whose deliveries finish only when the test says so. */
function slowReceiver() {
  const got: number[] = [];
  const finishers: (() => void)[] = [];
  const send = (value: number) =>
    new Promise<void>((resolve) => {
      got.push(value);
      finishers.push(resolve);
    });
  return { got, send, finish: () => finishers.shift()?.() };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("Outbox", () => {
  it("delivers one value at a time and, while one is under way, keeps only the newest", async () => {
    const receiver = slowReceiver();
    const outbox = new Outbox<number>(receiver.send, () => undefined);
    outbox.post(1);
    outbox.post(2);
    outbox.post(3);
    await flush();
    expect(receiver.got).toEqual([1]);
    receiver.finish();
    await flush();
    expect(receiver.got).toEqual([1, 3]);
    receiver.finish();
    await flush();
    outbox.post(4);
    await flush();
    expect(receiver.got).toEqual([1, 3, 4]);
  });

  it("reports a failed delivery and goes on with the next value", async () => {
    const errors: unknown[] = [];
    const got: number[] = [];
    const outbox = new Outbox<number>(
      async (value) => {
        if (value === 1) throw new Error("closed");
        got.push(value);
      },
      (err) => errors.push(err),
    );
    outbox.post(1);
    await flush();
    outbox.post(2);
    await flush();
    expect(got).toEqual([2]);
    expect(errors).toHaveLength(1);
  });
});
