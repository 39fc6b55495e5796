/**
 * Serves an instructor watching a learner's terminal: the same output the learner sees (recent
 * output replayed first), the learner's terminal size, and nothing back. Keys and resizes are
 * refused, and a watcher that cannot keep up is dropped rather than slowing the learner's shell.
 */
import type { WebSocket } from "ws";
import { clientMessage } from "../../common/schemas/protocol.ts";
import { LabError, toLabError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { LabSession } from "../sessions/session.ts";
import { linkSocket } from "./socket-link.ts";

/** Output queued to a slow watcher beyond which it is dropped (its browser reconnects and gets a replay). */
const WATCHER_MAX_QUEUED_BYTES = 2 * 1024 * 1024;
/** Close code for a watcher that fell behind: "try again later". */
const CLOSE_TRY_AGAIN = 1013;

/** Handles one accepted watching socket until it closes. */
export function serveWatch(ws: WebSocket, deps: { session: LabSession; hostName: string; instructorId: string; log: Logger }): void {
  const { session, hostName, instructorId, log } = deps;
  const link = linkSocket(ws, log, "watch");
  const { send, sendError } = link;
  let queued = 0;
  let refused = false;

  const viewer = link.viewer(
    (bytes) => {
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
    (cols, rows) => send({ type: "size", cols, rows }),
  );

  const attach = async () => {
    const terminal = session.terminal(hostName);
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
    link.onClose(() => terminal.detach(viewer));
    send({ type: "size", ...terminal.size });
    send({ type: "status", phase: "ready", detail: "watching (read-only)" });
    if (replay.length > 0) viewer.output(replay);
    session.changeWatchers(1);
    link.onClose(() => session.changeWatchers(-1));
  };

  send({ type: "hello", sessionId: session.id, host: hostName, resumed: true });
  void attach();

  link.closeWhenEnded(session, "the learner's lab has ended");
  const onUnwatch = (from: string, reason: string) => {
    if (from !== instructorId) return;
    sendError(new LabError("LAB_ERR_CLASS_NOT_FOUND", reason), true);
  };
  session.on("unwatch", onUnwatch);
  link.onClose(() => session.off("unwatch", onUnwatch));

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
      sendError(new LabError("LAB_ERR_READ_ONLY"), false);
    }
  });
}
