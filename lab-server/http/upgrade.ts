/**
 * WebSocket upgrades for terminals: a learner's own (`/api/sessions/<id>/terminal`, with the
 * session's token) and an instructor watching one (`/api/classes/<id>/members/<id>/terminal`,
 * with the instructor's cookie). A bad upgrade (wrong path, foreign Origin, missing or wrong
 * token, not the learner's instructor, unknown host) is answered with a plain HTTP error before
 * any WebSocket exists.
 */
import type { IncomingMessage } from "node:http";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { WebSocketServer } from "ws";
import { WATCH_PATH, type WatchTarget } from "../classrooms/watch-auth.ts";
import type { Config } from "../config.ts";
import { LabError, toLabError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { SessionManager } from "../sessions/manager.ts";
import type { LabSession } from "../sessions/session.ts";
import { originAllowed } from "./origin.ts";

const TERMINAL_PATH = /^\/api\/sessions\/([A-Za-z0-9]{1,64})\/terminal$/;

/** What an accepted upgrade hands on. */
export interface TerminalTarget {
  session: LabSession;
  hostName: string;
}

/** Builds the server's `upgrade` listener. */
export function upgradeListener(deps: {
  config: Config;
  sessions: SessionManager;
  wss: WebSocketServer;
  log: Logger;
  onConnection: (ws: import("ws").WebSocket, target: TerminalTarget) => void;
  /** Authorizes a watching instructor (after the Origin check). */
  authorizeWatch: (req: IncomingMessage) => Promise<WatchTarget>;
  onWatch: (ws: import("ws").WebSocket, target: WatchTarget) => void;
}) {
  const refuse = (socket: Duplex, err: unknown) => {
    const error = toLabError(err);
    if (error.code === "LAB_ERR_INTERNAL") deps.log.error("terminal upgrade failed", err);
    rejectUpgrade(socket, error);
  };
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on("error", () => undefined);
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (WATCH_PATH.test(path)) {
      if (!originAllowed(req.headers.origin, req.headers.host, deps.config.allowedOrigins)) {
        refuse(socket, new LabError("LAB_ERR_FORBIDDEN_ORIGIN"));
        return;
      }
      deps.authorizeWatch(req).then(
        (target) => {
          if (socket.destroyed) return;
          deps.wss.handleUpgrade(req, socket, head, (ws) => deps.onWatch(ws, target));
        },
        (err: unknown) => refuse(socket, err),
      );
      return;
    }
    let target: TerminalTarget;
    try {
      target = authorizeUpgrade(req, deps.config, deps.sessions);
    } catch (err) {
      refuse(socket, err);
      return;
    }
    deps.wss.handleUpgrade(req, socket, head, (ws) => deps.onConnection(ws, target));
  };
}

/** Checks path, Origin and token; returns the session and host or throws a LabError. */
export function authorizeUpgrade(req: IncomingMessage, config: Config, sessions: SessionManager): TerminalTarget {
  const url = new URL(req.url ?? "/", "http://localhost");
  const match = TERMINAL_PATH.exec(url.pathname);
  if (!match) throw new LabError("LAB_ERR_NOT_FOUND", "Terminals live at /api/sessions/<id>/terminal.");
  if (!originAllowed(req.headers.origin, req.headers.host, config.allowedOrigins)) {
    throw new LabError("LAB_ERR_FORBIDDEN_ORIGIN");
  }
  const session = sessions.authorize(match[1] as string, url.searchParams.get("token"));
  const hostName = url.searchParams.get("host") ?? session.hostNames[0];
  if (!hostName || !session.hostNames.includes(hostName)) {
    throw new LabError("LAB_ERR_BAD_REQUEST", `This lab has no host called "${hostName}". Its hosts: ${session.hostNames.join(", ")}.`);
  }
  return { session, hostName };
}

function rejectUpgrade(socket: Duplex, error: LabError): void {
  const body = JSON.stringify({ error: error.toBody() });
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? "Error"}\r\n` +
      "Content-Type: application/json\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
}
