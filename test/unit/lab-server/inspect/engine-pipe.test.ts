import { describe, expect, it } from "vitest";
import type { PipeHandle } from "../../../../lab-server/docker/engine.ts";
import { EnginePipe, PipeUnavailable } from "../../../../lab-server/inspect/engine-pipe.ts";

const reply = (body: string) => `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

/** A stand-in for the exec: records what is written, and lets the test answer as the engine would. */
function fakeEngine() {
  const opened: { written: string[]; send: (bytes: string | Buffer) => void; end: () => void; stopped: boolean }[] = [];
  const engine = {
    execPipe: async (_id: string, _cmd: string[], onData: (chunk: Buffer) => void, onEnd: () => void): Promise<PipeHandle> => {
      const conn = { written: [] as string[], send: (b: string | Buffer) => onData(Buffer.from(b)), end: onEnd, stopped: false };
      opened.push(conn);
      return {
        write: (data) => conn.written.push(data),
        stop: () => {
          conn.stopped = true;
        },
      };
    },
  };
  return { engine, opened };
}

const options = { timeoutMs: 5_000, maxBytes: 4096 };
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("kept engine connection (framing)", () => {
  it("resolves a round only once all its replies have come, however the bytes are cut", async () => {
    const { engine, opened } = fakeEngine();
    const pipe = new EnginePipe(engine, "host");
    const round = pipe.request(["/a", "/b"], options);
    await tick();
    expect(opened[0]?.written.join("")).toBe("GET /a HTTP/1.1\r\nHost: docker\r\n\r\nGET /b HTTP/1.1\r\nHost: docker\r\n\r\n");
    const bytes = reply('{"a":"é"}') + reply("[]");
    for (const byte of Buffer.from(bytes)) opened[0]?.send(Buffer.from([byte]));
    const replies = await round;
    expect(replies.map((r) => r.body.toString("utf8"))).toEqual(['{"a":"é"}', "[]"]);
    // The next round goes on the same connection.
    const next = pipe.request(["/c"], options);
    await tick();
    opened[0]?.send(reply("ok"));
    expect((await next)[0]?.body.toString()).toBe("ok");
    expect(opened).toHaveLength(1);
    pipe.close();
  });

  it("gives up a connection that sends what was not asked for, or ends, and opens a new one for the next round", async () => {
    const { engine, opened } = fakeEngine();
    const pipe = new EnginePipe(engine, "host");
    const first = pipe.request(["/a"], options);
    await tick();
    opened[0]?.send(reply("x") + reply("unasked"));
    expect(await first.catch((err: unknown) => err)).toBeInstanceOf(PipeUnavailable);
    expect(opened[0]?.stopped).toBe(true);
    const second = pipe.request(["/a"], options);
    await tick();
    opened[1]?.end();
    expect(await second.catch((err: unknown) => err)).toMatchObject({ reason: "start" });
    const third = pipe.request(["/a"], options);
    await tick();
    opened[2]?.send(reply("fine"));
    expect((await third)[0]?.body.toString()).toBe("fine");
    pipe.close();
  });

  it("says the engine did not answer in time, and does not reuse that connection", async () => {
    const { engine, opened } = fakeEngine();
    const pipe = new EnginePipe(engine, "host");
    const slow = pipe.request(["/a"], { timeoutMs: 20, maxBytes: 4096 });
    const error = await slow.catch((err: unknown) => err);
    expect(error).not.toBeInstanceOf(PipeUnavailable);
    expect(String(error)).toContain("did not answer in time");
    expect(opened[0]?.stopped).toBe(true);
    const later = pipe.request(["/a"], options);
    await tick();
    // A late reply on the old connection is not taken for the new round's.
    opened[0]?.send(reply("late"));
    opened[1]?.send(reply("new"));
    expect((await later)[0]?.body.toString()).toBe("new");
    pipe.close();
  });
});
