import { describe, expect, it } from "vitest";
import { EventLines } from "../../../../lab-server/inspect/watcher.ts";

const event = (type: string, action: string) => `${JSON.stringify({ Type: type, Action: action, Actor: { ID: "x" } })}\n`;

describe("engine event stream", () => {
  it("counts an event only once its line is complete, across chunks, after the reply's headers", () => {
    const lines = new EventLines();
    expect(lines.push(Buffer.from("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n"))).toBe(false);
    const line = event("network", "create");
    expect(lines.push(Buffer.from(line.slice(0, 20)))).toBe(false);
    expect(lines.push(Buffer.from(line.slice(20)))).toBe(true);
  });

  it("leaves out exec events and lines that are not events", () => {
    const lines = new EventLines();
    expect(lines.push(Buffer.from(`${event("container", "exec_create: sh")}${event("container", "exec_start: sh")}{not json\n`))).toBe(
      false,
    );
    expect(lines.push(Buffer.from(event("container", "exec_die") + event("container", "start")))).toBe(true);
  });

  it("drops a line that grows past any event's size instead of holding it", () => {
    const lines = new EventLines();
    expect(lines.push(Buffer.from(`{"Action":"${"x".repeat(100_000)}`))).toBe(false);
    // What followed the dropped part is not mistaken for the start of an event.
    expect(lines.push(Buffer.from('x"}\n'))).toBe(false);
    expect(lines.push(Buffer.from(event("network", "destroy")))).toBe(true);
  });
});
