// The browser ↔ lab server terminal protocol schemas: what each side may send, and what is refused.
import { describe, expect, it } from "vitest";
import { clientMessage, MAX_CLIENT_MESSAGE_BYTES, serverMessage } from "../../../common/schemas/protocol.ts";

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

describe("terminal protocol schemas: the server's messages", () => {
  const accepts = (message: unknown) => serverMessage.safeParse(message).success;

  it("says hello with a session id and a host name as labs name them", () => {
    expect(accepts({ type: "hello", sessionId: "s1", host: "host1", resumed: false })).toBe(true);
    expect(accepts({ type: "hello", sessionId: "s1", host: "Host1", resumed: false })).toBe(false);
    expect(accepts({ type: "hello", sessionId: "s1", host: "1host", resumed: false })).toBe(false);
    expect(accepts({ type: "hello", sessionId: "s1", host: "host1" })).toBe(false);
  });

  it("reports only the known session phases, with an optional detail", () => {
    for (const phase of ["provisioning", "ready", "shell-restarted", "engine-restarting", "ended"]) {
      expect(accepts({ type: "status", phase })).toBe(true);
    }
    expect(accepts({ type: "status", phase: "ready", detail: "host1 is up" })).toBe(true);
    expect(accepts({ type: "status", phase: "rebooting" })).toBe(false);
  });

  it("checks exercise results and the map inside their messages", () => {
    const result = { id: "create", status: "failed", checks: [{ ok: false, message: "no appnet yet", subject: "network:appnet" }] };
    expect(accepts({ type: "checks", results: [result] })).toBe(true);
    expect(accepts({ type: "checks", results: [result], id: "3" })).toBe(true);
    expect(accepts({ type: "checks", results: [{ ...result, status: "skipped" }] })).toBe(false);
    const map = { hosts: [{ name: "host1", address: "10.99.0.2" }], networks: [], containers: [] };
    expect(accepts({ type: "map", map })).toBe(true);
    expect(accepts({ type: "map", map: { ...map, hosts: [{ name: "host1" }] } })).toBe(false);
  });

  it("bounds sizes and watcher counts, and takes no extra fields", () => {
    expect(accepts({ type: "size", cols: 80, rows: 24 })).toBe(true);
    expect(accepts({ type: "size", cols: 1, rows: 24 })).toBe(false);
    expect(accepts({ type: "size", cols: 80, rows: 501 })).toBe(false);
    expect(accepts({ type: "watchers", count: 0 })).toBe(true);
    expect(accepts({ type: "watchers", count: -1 })).toBe(false);
    expect(accepts({ type: "watchers", count: 1.5 })).toBe(false);
    expect(accepts({ type: "pong", t: 12.5 })).toBe(true);
    expect(accepts({ type: "pong", t: 12.5, late: true })).toBe(false);
  });
});

describe("terminal protocol schemas: limits on the browser's messages", () => {
  it("caps text input and check ids", () => {
    expect(clientMessage.safeParse({ type: "input", data: "x".repeat(MAX_CLIENT_MESSAGE_BYTES) }).success).toBe(true);
    expect(clientMessage.safeParse({ type: "input", data: "x".repeat(MAX_CLIENT_MESSAGE_BYTES + 1) }).success).toBe(false);
    expect(clientMessage.safeParse({ type: "check" }).success).toBe(true);
    expect(clientMessage.safeParse({ type: "check", id: "x".repeat(64) }).success).toBe(true);
    expect(clientMessage.safeParse({ type: "check", id: "x".repeat(65) }).success).toBe(false);
  });
});
