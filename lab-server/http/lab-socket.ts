/**
 * Serves one browser WebSocket for one sandbox host's terminal: reports provisioning, attaches to
 * the shared Terminal, relays bytes both ways with backpressure, and keeps the link alive.
 */
import type { WebSocket } from "ws";
import type { ExerciseResult } from "../../common/schemas/checks.ts";
import type { NetworkMap } from "../../common/schemas/map.ts";
import { clientMessage } from "../../common/schemas/protocol.ts";
import { LabError, toLabError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { LabSession } from "../sessions/session.ts";
import { DeliveryTracker } from "../terminal/delivery.ts";
import type { Terminal } from "../terminal/terminal.ts";
import { linkSocket } from "./socket-link.ts";

/** Handles one accepted terminal socket until it closes. */
export function serveTerminal(ws: WebSocket, deps: { session: LabSession; hostName: string; log: Logger }): void {
  const { session, hostName, log } = deps;
  const link = linkSocket(ws, log, "terminal");
  const { send, sendError } = link;
  let terminal: Terminal | undefined;
  // A resize that arrives while the sandbox is still starting is applied when the shell attaches.
  let size: { cols: number; rows: number } | undefined;

  // A browser that falls behind pauses the shell until it catches up (backpressure).
  const delivery = new DeliveryTracker(ws, (behind) => (behind ? terminal?.hold(viewer) : terminal?.release(viewer)));
  link.onClose(() => delivery.dispose());

  const viewer = link.viewer((bytes) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(bytes, { binary: true });
    delivery.sent(bytes.length);
  });

  const attach = async () => {
    const t = session.terminal(hostName);
    if (!t) return;
    terminal = t;
    try {
      if (size) await t.resize(size.cols, size.rows);
      await t.start();
    } catch (err) {
      viewer.failed(toLabError(err));
      return;
    }
    if (ws.readyState !== ws.OPEN) return;
    const resumed = t.attachedBefore;
    const replay = t.attach(viewer);
    link.onClose(() => t.detach(viewer));
    send({ type: "status", phase: "ready", detail: resumed ? "reconnected to your sandbox" : "connected" });
    if (replay.length > 0) viewer.output(replay);
    const map = session.map;
    if (map) {
      const onMap = (latest: NetworkMap) => send({ type: "map", map: latest });
      map.on("map", onMap);
      link.onClose(() => map.off("map", onMap));
      if (map.latest) onMap(map.latest);
    }
    const runner = session.checks;
    if (runner) {
      const onResults = (results: ExerciseResult[]) => send({ type: "checks", results });
      runner.on("results", onResults);
      link.onClose(() => runner.off("results", onResults));
      if (runner.latest) onResults(runner.latest);
    }
  };

  session.connections += 1;
  link.onClose(() => {
    session.connections -= 1;
  });
  send({ type: "hello", sessionId: session.id, host: hostName, resumed: session.terminal(hostName)?.hasOutput ?? false });
  session.touch();

  if (session.state === "ready") {
    void attach();
  } else if (session.state === "failed" && session.error) {
    viewer.failed(session.error);
  } else {
    send({ type: "status", phase: "provisioning", detail: session.provisioningDetail });
    const onProvisioning = (detail: string) => send({ type: "status", phase: "provisioning", detail });
    const onReady = () => void attach();
    const onFailed = (error: LabError) => viewer.failed(error);
    session.on("provisioning", onProvisioning).once("ready", onReady).once("failed", onFailed);
    link.onClose(() => {
      session.off("provisioning", onProvisioning).off("ready", onReady).off("failed", onFailed);
    });
  }

  const onWatchers = (count: number) => send({ type: "watchers", count });
  session.on("watchers", onWatchers);
  link.onClose(() => session.off("watchers", onWatchers));
  if (session.watchers > 0) onWatchers(session.watchers);

  link.closeWhenEnded(session, "this lab session has ended");

  // Messages are handled strictly in order: keystrokes typed after a resize reach the shell only
  // once the resize is applied.
  let queue = Promise.resolve();
  ws.on("message", (data, isBinary) => {
    session.touch();
    queue = queue.then(() => handleMessage(data, isBinary)).catch((err: unknown) => log.warn("terminal message failed", err));
  });

  const handleMessage = async (data: import("ws").RawData, isBinary: boolean): Promise<void> => {
    if (isBinary) {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      terminal?.write(bytes);
      if (bytes.includes(13)) session.commandEntered();
      else session.typed();
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      sendError(new LabError("LAB_ERR_BAD_MESSAGE", "The terminal received a message that is not JSON; it was ignored."), false);
      return;
    }
    const result = clientMessage.safeParse(parsed);
    if (!result.success) {
      sendError(new LabError("LAB_ERR_BAD_MESSAGE"), false);
      return;
    }
    const message = result.data;
    if (message.type === "input") {
      terminal?.write(message.data);
      if (message.data.includes("\r")) session.commandEntered();
      else session.typed();
    } else if (message.type === "check") {
      // Not awaited: keystrokes typed meanwhile must not wait for an evaluation.
      const runner = session.checks;
      const id = message.id === undefined ? {} : { id: message.id };
      if (!runner) send({ type: "checks", results: [], ...id });
      else void runner.evaluate().then((results) => send({ type: "checks", results, ...id }));
    } else if (message.type === "resize") {
      size = { cols: message.cols, rows: message.rows };
      await terminal?.resize(message.cols, message.rows);
    } else send({ type: "pong", t: message.t });
  };

  link.onClose(() => session.touch());
}
