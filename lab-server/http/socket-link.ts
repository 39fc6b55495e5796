/**
 * What the learner's terminal socket and an instructor's watching socket share: JSON messages
 * while the socket is open, a viewer that relays a terminal's status to it, closing when the
 * session ends, the heartbeat, and cleanups that run once when the socket closes.
 */
import type { WebSocket } from "ws";
import { CLOSE_SESSION_ENDED, type ServerMessage } from "../../common/schemas/protocol.ts";
import type { LabError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { LabSession } from "../sessions/session.ts";
import { startHeartbeat } from "../terminal/heartbeat.ts";
import type { TerminalViewer } from "../terminal/terminal.ts";

/** One accepted socket, as the handlers of both kinds use it. */
export interface SocketLink {
  /** Sends a message, if the socket is still open. */
  send(message: ServerMessage): void;
  /** Sends an error; a fatal one also closes the socket. */
  sendError(error: LabError, fatal: boolean): void;
  /** Runs `cleanup` when the socket closes, after those registered before it. */
  onClose(cleanup: () => void): void;
  /** A viewer that relays a terminal to this socket: its bytes through `output`, its status as messages. */
  viewer(output: (bytes: Buffer) => void, resized?: (cols: number, rows: number) => void): TerminalViewer;
  /** Says `detail` and closes the socket when `session` ends. */
  closeWhenEnded(session: LabSession, detail: string): void;
}

/** Links an accepted socket; `kind` names it in the log. */
export function linkSocket(ws: WebSocket, log: Logger, kind: string): SocketLink {
  const cleanups: (() => void)[] = [];
  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const sendError = (error: LabError, fatal: boolean) => {
    send({ type: "error", code: error.code, message: error.message, fatal });
    if (fatal) ws.close(CLOSE_SESSION_ENDED, error.code);
  };
  const onClose = (cleanup: () => void) => {
    cleanups.push(cleanup);
  };
  ws.on("error", (err) => log.debug(`${kind} socket error: ${err.message}`));
  ws.on("close", () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  onClose(startHeartbeat(ws));
  return {
    send,
    sendError,
    onClose,
    viewer(output, resized) {
      return {
        output,
        restarted(detail) {
          send({ type: "status", phase: "shell-restarted", detail });
        },
        waiting(detail) {
          send({ type: "status", phase: "engine-restarting", detail });
        },
        failed(error) {
          sendError(error, true);
        },
        ...(resized ? { resized } : {}),
      };
    },
    closeWhenEnded(session, detail) {
      const onEnded = () => {
        send({ type: "status", phase: "ended", detail });
        ws.close(CLOSE_SESSION_ENDED, "session ended");
      };
      session.once("ended", onEnded);
      onClose(() => session.off("ended", onEnded));
    },
  };
}
