/**
 * A slow link for tests and the benchmark: a TCP proxy on loopback that passes what the browser
 * sends at once and what the server sends at a fixed rate, as a browser busy rendering (or far
 * away) reads it. Unlike pausing a socket now and then, which lets the kernel's buffers deliver
 * megabytes at each resume, the rate holds for every byte.
 */
import { connect, createServer, type Server, type Socket } from "node:net";

/** Ticks per second at which the proxy passes the server's bytes on. */
const TICKS_PER_SECOND = 20;

/** A proxy in front of `port` on 127.0.0.1; `url` is its http address. */
export interface SlowLink {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts a proxy to `targetUrl` (http://127.0.0.1:PORT) that passes the server's bytes at `bytesPerSecond`. */
export async function slowLink(targetUrl: string, bytesPerSecond: number): Promise<SlowLink> {
  const target = new URL(targetUrl);
  const perTick = Math.max(1, Math.floor(bytesPerSecond / TICKS_PER_SECOND));
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    const queue: Buffer[] = [];
    let queued = 0;
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      queue.push(chunk);
      queued += chunk.length;
      // Bytes wait here, not in this process's memory without bound: the server sees a full window.
      if (queued > 4 * perTick) upstream.pause();
    });
    const timer = setInterval(() => {
      let budget = perTick;
      while (budget > 0 && queue.length > 0) {
        const head = queue[0]!;
        const part = head.subarray(0, budget);
        client.write(part);
        budget -= part.length;
        queued -= part.length;
        if (part.length === head.length) queue.shift();
        else queue[0] = head.subarray(part.length);
      }
      if (queued <= 4 * perTick) upstream.resume();
    }, 1000 / TICKS_PER_SECOND);
    const end = () => {
      clearInterval(timer);
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on("close", end);
      s.on("error", end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
