import { describe, expect, it } from "vitest";
import { parseHttpReplies } from "../../../../lab-server/checks/http-replies.ts";
import { readSnapshot } from "../../../../lab-server/checks/snapshot.ts";

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
});

describe("snapshot output", () => {
  it("tells replies apart by shape, so a missing round shifts nothing", () => {
    const ip = "2: eth0    inet 10.1.2.3/24 brd 10.1.2.255 scope global eth0\\       valid_lft forever\n";
    const container = { Id: "c1", Name: "/web", State: { Running: true, Status: "running", Pid: 7 } };
    const out = ip + sized(200, JSON.stringify(container)) + sized(404, '{"message":"gone"}');
    const snap = readSnapshot(out);
    expect(snap.eth0).toBe("10.1.2.3");
    expect(snap.networks).toEqual([]);
    expect(snap.swarm.LocalNodeState).toBe("inactive");
    expect(snap.containers.map((c) => c.Name)).toEqual(["/web"]);
    const full = readSnapshot(sized(200, '[{"Name":"bridge"}]') + sized(200, '{"Swarm":{"LocalNodeState":"active","Nodes":3}}'));
    expect(full.networks.map((n) => n.Name)).toEqual(["bridge"]);
    expect(full.swarm).toMatchObject({ LocalNodeState: "active", Nodes: 3, Managers: 0 });
  });
});
