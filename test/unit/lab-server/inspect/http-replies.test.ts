import { describe, expect, it } from "vitest";
import { parseHttpReplies, readHttpReplies } from "../../../../lab-server/inspect/http-replies.ts";

const sized = (status: number, body: string) =>
  `HTTP/1.1 ${status} X\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const chunked = (body: string, size: number) => {
  let out = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (let i = 0; i < body.length; i += size) {
    const part = body.slice(i, i + size);
    out += `${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`;
  }
  return `${out}0\r\n\r\n`;
};

describe("pipelined HTTP replies", () => {
  it("reads replies framed by length and by chunks, in order, multibyte text included", () => {
    const data = Buffer.from(sized(200, '{"a":"é"}') + chunked('[{"Name":"ünï"}]', 3) + sized(404, "gone"));
    const replies = parseHttpReplies(data);
    expect(replies.map((r) => [r.status, r.body.toString("utf8")])).toEqual([
      [200, '{"a":"é"}'],
      [200, '[{"Name":"ünï"}]'],
      [404, "gone"],
    ]);
  });

  it("stops at a reply cut short or not understood, keeping those before it", () => {
    const whole = sized(200, "{}");
    expect(parseHttpReplies(Buffer.from(whole + sized(200, '{"long":true}').slice(0, -3)))).toHaveLength(1);
    expect(parseHttpReplies(Buffer.from(`${whole}HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`))).toHaveLength(1);
    expect(parseHttpReplies(Buffer.from(""))).toEqual([]);
  });

  it("says where the first reply not yet complete begins, and gives each reply's headers", () => {
    const first = sized(200, "OK").replace("\r\n\r\n", "\r\nSwarm: active/manager\r\n\r\n");
    const second = sized(200, '{"x":1}');
    const cut = Buffer.from(first + second.slice(0, 20));
    const { replies, end } = readHttpReplies(cut);
    expect(replies.map((r) => r.headers.get("swarm"))).toEqual(["active/manager"]);
    expect(end).toBe(Buffer.byteLength(first));
    const whole = readHttpReplies(Buffer.from(first + second));
    expect(whole.replies).toHaveLength(2);
    expect(whole.end).toBe(Buffer.byteLength(first + second));
  });
});
