/**
 * Reads HTTP/1.1 replies that follow one another in a byte stream, as a sandbox engine sends them
 * for requests pipelined on one connection (see engine-api.ts). Only what a Docker Engine sends is
 * understood: a status line, headers, and a body framed by Content-Length or chunked encoding.
 *
 * Node's own http client (llhttp, through an agent's createConnection over the exec stream) was
 * measured against it with bench/framing.ts: it sends one request at a time, so a round of three
 * requests waits for three replies in turn instead of one pipelined exchange, and it spent 12 to 35
 * times the CPU per round (about 0.7 ms against 25 to 90 µs on the 2-core machine CI uses).
 */

/** One reply: its status, headers (names in lower case) and body. */
export interface HttpReply {
  status: number;
  headers: ReadonlyMap<string, string>;
  body: Buffer;
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/**
 * The complete replies at the start of `data`, in order. Stops at the first that is cut short or
 * not understood: what follows it cannot be framed.
 */
export function parseHttpReplies(data: Buffer): HttpReply[] {
  return readHttpReplies(data, data.indexOf("HTTP/1.")).replies;
}

/**
 * The complete replies in `data` from `start` on, and where the first one not complete begins
 * (`data.length` when all are): bytes from there on are kept until more arrive.
 */
export function readHttpReplies(data: Buffer, start = 0): { replies: HttpReply[]; end: number } {
  const replies: HttpReply[] = [];
  let at = start;
  while (at >= 0 && at < data.length) {
    const headEnd = data.indexOf(HEADER_END, at);
    if (headEnd < 0) break;
    const [statusLine = "", ...headerLines] = data.subarray(at, headEnd).toString("latin1").split("\r\n");
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
    if (!status) break;
    const headers = new Map<string, string>();
    for (const line of headerLines) {
      const colon = line.indexOf(":");
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const bodyStart = headEnd + HEADER_END.length;
    const framed =
      headers.get("transfer-encoding")?.toLowerCase() === "chunked" ? dechunk(data, bodyStart) : byLength(data, bodyStart, headers);
    if (!framed) break;
    replies.push({ status: Number(status[1]), headers, body: framed.body });
    at = framed.end;
  }
  return { replies, end: Math.max(at, start) };
}

function byLength(data: Buffer, start: number, headers: Map<string, string>): { body: Buffer; end: number } | undefined {
  const length = Number(headers.get("content-length") ?? "0");
  if (!Number.isSafeInteger(length) || length < 0 || start + length > data.length) return undefined;
  return { body: data.subarray(start, start + length), end: start + length };
}

function dechunk(data: Buffer, start: number): { body: Buffer; end: number } | undefined {
  const chunks: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = data.indexOf(CRLF, at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString("latin1").split(";")[0] ?? "", 16);
    if (!Number.isSafeInteger(size) || size < 0) return undefined;
    const chunkStart = lineEnd + CRLF.length;
    if (size === 0) {
      // No trailers from a Docker Engine: the last chunk's empty line ends the body.
      if (data.indexOf(CRLF, chunkStart) !== chunkStart) return undefined;
      return { body: Buffer.concat(chunks), end: chunkStart + CRLF.length };
    }
    if (chunkStart + size + CRLF.length > data.length) return undefined;
    chunks.push(data.subarray(chunkStart, chunkStart + size));
    at = chunkStart + size + CRLF.length;
  }
}
