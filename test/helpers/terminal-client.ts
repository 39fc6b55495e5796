/**
 * A terminal client for tests, speaking the same protocol over the same WebSocket path as the
 * browser. It waits for output by watching what arrives, never by sleeping.
 */
import WebSocket from "ws";
import { type ServerMessage, serverMessage } from "../../common/schemas/protocol.ts";
import type { LabServer } from "../../lab-server/http/server.ts";

/** An open terminal socket. */
export class TerminalClient {
  readonly ws: WebSocket;
  readonly messages: ServerMessage[] = [];
  #output = "";
  #waiters: (() => void)[] = [];
  closed: { code: number; reason: string } | undefined;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on("message", (data, isBinary) => {
      if (isBinary) this.#output += (data as Buffer).toString("utf8");
      else this.messages.push(serverMessage.parse(JSON.parse(data.toString())));
      this.#notify();
    });
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.#notify();
    });
  }

  /** Opens a terminal socket for `session` on `host`. */
  static async open(
    server: Pick<LabServer, "url">,
    session: { id: string; token: string },
    options: { host?: string; origin?: string } = {},
  ): Promise<TerminalClient> {
    const params = new URLSearchParams({ token: session.token, ...(options.host ? { host: options.host } : {}) });
    return TerminalClient.connect(`${server.url}/api/sessions/${session.id}/terminal?${params}`, { origin: options.origin ?? server.url });
  }

  /**
   * Opens an instructor's watching socket on a class member's terminal, with the instructor's
   * cookie header.
   */
  static async watch(
    server: Pick<LabServer, "url">,
    target: { classId: string; memberId: string; host?: string },
    cookie: string,
  ): Promise<TerminalClient> {
    const query = target.host ? `?host=${encodeURIComponent(target.host)}` : "";
    return TerminalClient.connect(`${server.url}/api/classes/${target.classId}/members/${target.memberId}/terminal${query}`, {
      origin: server.url,
      cookie,
    });
  }

  /** Opens a socket at an http(s) URL (as ws(s)) and waits for the server's hello. */
  static async connect(url: string, options: { origin: string; cookie?: string }): Promise<TerminalClient> {
    const ws = new WebSocket(url.replace(/^http/, "ws"), {
      origin: options.origin,
      ...(options.cookie ? { headers: { cookie: options.cookie } } : {}),
    });
    // Listen before the socket opens: the server's first messages can arrive with the handshake.
    const client = new TerminalClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    await client.until((c) => c.messages.some((m) => m.type === "hello"), "the server's hello", 10_000);
    return client;
  }

  /** Everything printed so far (ANSI sequences included). */
  get output(): string {
    return this.#output;
  }

  /** Resolves once `predicate` holds; rejects after `timeoutMs` with what was seen. */
  async until(predicate: (client: TerminalClient) => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (this.closed && !predicate(this))
        throw new Error(`socket closed (${this.closed.code} ${this.closed.reason}) while waiting for ${what}`);
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(
          `timed out waiting for ${what}; output so far:\n${this.#output.slice(-2000)}\nmessages: ${JSON.stringify(this.messages)}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the sandbox to be ready and the shell's first prompt. */
  async ready(): Promise<void> {
    await this.until((c) => c.messages.some((m) => m.type === "status" && m.phase === "ready"), "the sandbox to be ready", 90_000);
    await this.until((c) => /\$ |# /.test(c.output), "a shell prompt");
  }

  /** Types a command and waits for a unique marker printed after it, returning the output in between. */
  async run(command: string, timeoutMs = 30_000): Promise<string> {
    const marker = `__done_${Math.random().toString(36).slice(2)}__`;
    const start = this.#output.length;
    // The marker is split in the typed text so the echo of the command line does not match it.
    this.type(`${command}; echo "${marker.slice(0, 4)}""${marker.slice(4)}"\r`);
    // The echoed command line holds the marker split in two, so only the command's own output matches.
    await this.until((c) => c.output.indexOf(marker, start) >= 0, `"${command}" to finish`, timeoutMs);
    return this.#output.slice(start, this.#output.indexOf(marker, start));
  }

  /** Sends keystrokes as a binary frame, as the browser does. */
  type(text: string): void {
    this.ws.send(Buffer.from(text, "utf8"));
  }

  /** Sends a JSON control message. */
  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  /** Closes the socket and waits for the close. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.ws.close();
    await this.until((c) => c.closed !== undefined, "the socket to close", 10_000);
  }

  #notify(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }
}
