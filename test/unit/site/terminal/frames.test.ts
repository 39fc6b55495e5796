// decodeFrame: binary frames are terminal output; text frames are JSON control messages checked
// against the shared schema; anything else is ignored.
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeFrame } from "../../../../site/scripts/terminal/frames.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("decodeFrame", () => {
  it("passes binary frames on as terminal bytes", () => {
    const bytes = new TextEncoder().encode("ls -l\r\n");
    const frame = decodeFrame(bytes.buffer);
    expect(frame?.kind).toBe("output");
    expect(frame?.kind === "output" && [...frame.bytes]).toEqual([...bytes]);
  });

  it("reads text frames as control messages", () => {
    expect(decodeFrame(JSON.stringify({ type: "hello", sessionId: "s1", host: "host1", resumed: true }))).toEqual({
      kind: "message",
      message: { type: "hello", sessionId: "s1", host: "host1", resumed: true },
    });
    expect(decodeFrame('{"type":"status","phase":"provisioning","detail":"starting host1"}')).toEqual({
      kind: "message",
      message: { type: "status", phase: "provisioning", detail: "starting host1" },
    });
    const checks = { type: "checks", results: [{ id: "create", status: "passed", checks: [{ ok: true, message: "ok" }] }], id: "7" };
    expect(decodeFrame(JSON.stringify(checks))).toEqual({ kind: "message", message: checks });
  });

  it("ignores text that is not JSON, without a word", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(decodeFrame("not json")).toBeUndefined();
    expect(decodeFrame("")).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });

  it("ignores, with a warning, JSON the schema does not accept", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(decodeFrame('{"type":"exec","cmd":"reboot"}')).toBeUndefined();
    expect(decodeFrame('{"type":"hello","sessionId":"s1","host":"Host 1","resumed":false}')).toBeUndefined();
    expect(decodeFrame('{"type":"pong","t":1,"extra":true}')).toBeUndefined();
    expect(decodeFrame("42")).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(4);
    expect(warn.mock.calls[0]?.[1]).toEqual({ type: "exec", cmd: "reboot" });
  });

  it("ignores frames that are neither text nor an ArrayBuffer", () => {
    expect(decodeFrame(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(decodeFrame(new Blob(["x"]))).toBeUndefined();
    expect(decodeFrame(undefined)).toBeUndefined();
    expect(decodeFrame({ type: "pong", t: 1 })).toBeUndefined();
  });
});
