/**
 * Framing cost of one snapshot round (`node bench/framing.ts`): the hand parser of
 * lab-server/inspect/http-replies.ts over pipelined replies, against Node's own http client (llhttp)
 * over an in-memory duplex, which sends one request at a time on a connection.
 */
import http from "node:http";
import { Duplex } from "node:stream";
import { readHttpReplies } from "../lab-server/inspect/http-replies.ts";

const json = (n: number) =>
  JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      Id: "a".repeat(64),
      Name: `net${i}`,
      Labels: { x: "y" },
      IPAM: { Config: [{ Subnet: `172.${i}.0.0/16` }] },
    })),
  );
const chunked = (body: string) => {
  const b = Buffer.from(body);
  return Buffer.concat([
    Buffer.from(
      "HTTP/1.1 200 OK\r\nApi-Version: 1.51\r\nContent-Type: application/json\r\nDocker-Experimental: false\r\nOstype: linux\r\nServer: Docker/28.5.2 (linux)\r\nDate: Mon, 07 Dec 2026 12:00:00 GMT\r\nTransfer-Encoding: chunked\r\n\r\n",
    ),
    Buffer.from(`${b.length.toString(16)}\r\n`),
    b,
    Buffer.from("\r\n0\r\n\r\n"),
  ]);
};
const ping = Buffer.from(
  "HTTP/1.1 200 OK\r\nApi-Version: 1.51\r\nBuilder-Version: 2\r\nSwarm: inactive\r\nContent-Length: 2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOK",
);
const replies = [ping, chunked(json(12)), chunked(json(20))];
const round = Buffer.concat(replies);
// Ping, networks and containers: the first request round of a snapshot (engine-api.ts).
console.log(`round: ${replies.length} replies, ${round.length} bytes`);

const N = 20000;
function hand(): number {
  const t = performance.now();
  for (let i = 0; i < N; i++) if (readHttpReplies(round).replies.length !== 3) throw new Error("bad");
  return (performance.now() - t) / N;
}

/** A socket whose engine answers each request with the next canned reply, a turn later. */
class Canned extends Duplex {
  #next = 0;
  override _read() {}
  // What the http agent calls on a socket it keeps.
  setKeepAlive() {}
  ref() {}
  unref() {}
  setTimeout() {}
  setNoDelay() {}
  override _write(_c: Buffer, _e: string, cb: () => void) {
    const reply = replies[this.#next++ % replies.length] as Buffer;
    setImmediate(() => this.push(reply));
    cb();
  }
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
(agent as unknown as { createConnection: () => Duplex }).createConnection = () => new Canned();
function get(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, path, host: "docker", headers: { host: "docker" } }, (res) => {
      let n = 0;
      res.on("data", (c: Buffer) => (n += c.length));
      res.on("end", () => resolve(n));
    });
    req.on("error", reject);
    req.end();
  });
}
async function node(): Promise<number> {
  const M = N / 10;
  const t = performance.now();
  for (let i = 0; i < M; i++) {
    await get("/_ping");
    await get("/networks");
    await get("/containers/json");
  }
  return (performance.now() - t) / M;
}
for (let k = 0; k < 3; k++) {
  const h = hand();
  const n = await node();
  console.log(`hand ${(h * 1000).toFixed(1)} µs/round   node http ${(n * 1000).toFixed(1)} µs/round   (${(n / h).toFixed(1)}x)`);
}
process.exit(0);
