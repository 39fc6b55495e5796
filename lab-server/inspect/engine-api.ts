/**
 * Reading a sandbox host's own Docker Engine API: plain HTTP GETs pipelined on its unix socket,
 * through `nc` in the host. The checks and the map read engine state this way rather than with the
 * docker CLI, which costs a Go program's start for every question.
 */
import type { HostExec } from "../docker/engine.ts";
import { type HttpReply, parseHttpReplies } from "./http-replies.ts";

/** The nested engine's socket inside a sandbox host. */
export const ENGINE_SOCKET = "/var/run/docker.sock";

/**
 * A connection to the host's engine that lasts as long as its exec: `-q 0` makes nc quit once its
 * input ends (the server stopped it, or lost its connection to the machine's engine). Without it,
 * nc would wait on the engine, which keeps an idle connection open for good.
 */
export const ENGINE_CONNECTION = ["nc", "-q", "0", "-U", ENGINE_SOCKET];

/** Bounds of one round of requests. */
export interface ApiOptions {
  timeoutMs: number;
  /** Bytes all the round's replies may take together; more is a failed round. */
  maxBytes: number;
}

/** Something that can ask a sandbox host's engine for a round of GETs. */
export interface EngineApi {
  /**
   * GETs `paths` (e.g. `/networks`) from the engine in host container `containerId`, in order.
   * Resolves with the replies that came, in order: fewer than asked when the engine is down or
   * closed the connection. Rejects when the round ran out of time.
   */
  engineApi(containerId: string, paths: readonly string[], options: ApiOptions): Promise<HttpReply[]>;
}

/** The requests for `paths`, pipelined; with `close`, the last asks the engine to close the connection. */
export function getRequests(paths: readonly string[], close: boolean): string {
  return paths
    .map((path, i) => {
      if (!/^\/[\x21-\x7e]*$/.test(path)) throw new Error(`not a request path: ${JSON.stringify(path)}`);
      const closing = close && i === paths.length - 1 ? "Connection: close\r\n" : "";
      return `GET ${path} HTTP/1.1\r\nHost: docker\r\n${closing}\r\n`;
    })
    .join("");
}

/** One round on a connection of its own, through a short command in the host: for hosts without a kept connection. */
export async function apiOnce(exec: HostExec, containerId: string, paths: readonly string[], options: ApiOptions): Promise<HttpReply[]> {
  if (paths.length === 0) return [];
  // printf's %b undoes the escapes; the requests' own text is plain ASCII (see getRequests).
  const requests = getRequests(paths, true).replace(/\r/g, "\\r").replace(/\n/g, "\\n");
  const script = `printf '%b' '${requests}' | nc -U ${ENGINE_SOCKET} 2>/dev/null`;
  const result = await exec.execCapture(containerId, ["sh", "-c", script], { timeoutMs: options.timeoutMs, maxBytes: options.maxBytes });
  if (result.timedOut) throw new Error("the sandbox's engine did not answer in time");
  // The engine sends UTF-8 JSON, so decoding and encoding again gives back the bytes Content-Length counts.
  return parseHttpReplies(Buffer.from(result.stdout, "utf8"));
}
