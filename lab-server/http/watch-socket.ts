/**
 * Serves an instructor watching a learner's terminal: the same output the learner sees (recent
 * output replayed first), the learner's terminal size, and nothing back. Keys and resizes are
 * refused, and a watcher that cannot keep up is dropped rather than slowing the learner's shell.
 */
import type { WebSocket } from "ws";
import { CLOSE_SESSION_ENDED, clientMessage, type ServerMessage } from "../../common/schemas/protocol.ts";
import type { Engine } from "../docker/engine.ts";
import { LabError, toLabError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { LabSession } from "../sessions/session.ts";
import { startHeartbeat } from "../terminal/heartbeat.ts";
import type { TerminalViewer } from "../terminal/terminal.ts";

/** Output queued to a slow watcher beyond which it is dropped (its browser reconnects and gets a replay). */
const WATCHER_MAX_QUEUED_BYTES = 2 * 1024 * 1024;
/** Close code for a watcher that fell behind: "try again later". */
const CLOSE_TRY_AGAIN = 1013;

/** Handles one accepted watching socket until it closes. */
export function serveWatch(
  ws: WebSocket,
  deps: { session: LabSession; hostName: string; instructorId: string; engine: Engine; log: Logger },
): void {
  const { session, hostName, instructorId, engine, log } = deps;
  const cleanups: (() => void)[] = [];
  let queued = 0;
  let refused = false;

  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  const viewer: TerminalViewer = {
    output(bytes) {
      if (ws.readyState !== ws.OPEN) return;
      if (queued > WATCHER_MAX_QUEUED_BYTES) {
        ws.close(CLOSE_TRY_AGAIN, "watcher fell behind");
        return;
      }
      queued += bytes.length;
      ws.send(bytes, { binary: true }, () => {
        queued -= bytes.length;
      });
    },
    restarted(detail) {
      send({ type: "status", phase: "shell-restarted", detail });
    },
    waiting(detail) {
      send({ type: "status", phase: "engine-restarting", detail });
    },
    failed(error) {
      send({ type: "error", code: error.code, message: error.message, fatal: true });
      ws.close(CLOSE_SESSION_ENDED, error.code);
    },
    resized(cols, rows) {
      send({ type: "size", cols, rows });
    },
  };

  const attach = async () => {
    const terminal = session.terminal(engine, hostName);
    if (!terminal) {
      viewer.failed(new LabError("LAB_ERR_NO_OPEN_LAB"));
      return;
    }
    try {
      // The learner may not have opened this host's tab yet; its shell starts as it would for them.
      await terminal.start();
    } catch (err) {
      viewer.failed(toLabError(err));
      return;
    }
    if (ws.readyState !== ws.OPEN) return;
    const replay = terminal.attach(viewer);
    cleanups.push(() => terminal.detach(viewer));
    send({ type: "size", ...terminal.size });
    send({ type: "status", phase: "ready", detail: "watching (read-only)" });
    if (replay.length > 0) viewer.output(replay);
    session.changeWatchers(1);
    cleanups.push(() => session.changeWatchers(-1));
  };

  send({ type: "hello", sessionId: session.id, host: hostName, resumed: true });
  void attach();

  const onEnded = () => {
    send({ type: "status", phase: "ended", detail: "the learner's lab has ended" });
    ws.close(CLOSE_SESSION_ENDED, "session ended");
  };
  session.once("ended", onEnded);
  cleanups.push(() => session.off("ended", onEnded));
  const onUnwatch = (from: string, reason: string) => {
    if (from !== instructorId) return;
    const error = new LabError("LAB_ERR_CLASS_NOT_FOUND", reason);
    send({ type: "error", code: error.code, message: error.message, fatal: true });
    ws.close(CLOSE_SESSION_ENDED, error.code);
  };
  session.on("unwatch", onUnwatch);
  cleanups.push(() => session.off("unwatch", onUnwatch));

  ws.on("message", (data, isBinary) => {
    let message: ReturnType<typeof clientMessage.safeParse> | undefined;
    if (!isBinary) {
      try {
        message = clientMessage.safeParse(JSON.parse(data.toString()));
      } catch {
        message = undefined;
      }
    }
    if (message?.success && message.data.type === "ping") {
      send({ type: "pong", t: message.data.t });
      return;
    }
    // Said once per socket: a watcher who keeps typing needs no stream of repeats.
    if (!refused) {
      refused = true;
      const error = new LabError("LAB_ERR_READ_ONLY");
      send({ type: "error", code: error.code, message: error.message, fatal: false });
    }
  });

  cleanups.push(startHeartbeat(ws));
  ws.on("error", (err) => log.debug(`watch socket error: ${err.message}`));
  ws.on("close", () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
}
