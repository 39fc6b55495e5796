import { describe, expect, it } from "vitest";
import { clientMessage, serverMessage } from "../../../common/schemas/protocol.ts";

describe("terminal protocol schemas", () => {
  it("accepts the browser's messages", () => {
    expect(clientMessage.parse({ type: "resize", cols: 120, rows: 40 })).toEqual({ type: "resize", cols: 120, rows: 40 });
    expect(clientMessage.parse({ type: "input", data: "ls\r" }).type).toBe("input");
    expect(clientMessage.parse({ type: "ping", t: 1.5 }).type).toBe("ping");
  });

  it("rejects unknown types, extra fields and absurd sizes", () => {
    expect(clientMessage.safeParse({ type: "exec", cmd: "rm -rf /" }).success).toBe(false);
    expect(clientMessage.safeParse({ type: "resize", cols: 120, rows: 40, extra: true }).success).toBe(false);
    expect(clientMessage.safeParse({ type: "resize", cols: 100000, rows: 40 }).success).toBe(false);
    expect(clientMessage.safeParse({ type: "resize", cols: 1.5, rows: 40 }).success).toBe(false);
  });

  it("only lets the server name known error codes", () => {
    expect(serverMessage.safeParse({ type: "error", code: "LAB_ERR_SANDBOX_GONE", message: "x", fatal: true }).success).toBe(true);
    expect(serverMessage.safeParse({ type: "error", code: "E_WHATEVER", message: "x", fatal: true }).success).toBe(false);
  });
});
