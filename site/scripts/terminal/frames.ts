import type { LabErrorCode } from "../../../common/errors.ts";
import type { ExerciseResult } from "../../../common/schemas/checks.ts";
import type { NetworkMap } from "../../../common/schemas/map.ts";
import { type ServerMessage, type SessionPhase, serverMessage } from "../../../common/schemas/protocol.ts";

/** Why a `LabSocket` stopped for good. */
export type LabSocketEndReason =
  /** The server closed with 4000: the session is over. */
  | "ended"
  /** The server closed with 4001: a newer socket took over this terminal. */
  | "replaced"
  /** `beforeReconnect` said the session is gone. */
  | "stopped";

/** Events a `LabSocket` emits, by name. */
export interface LabSocketEvents {
  /** A socket is being opened; `attempt` is 0 for the first connection, then 1, 2, … */
  connecting: { attempt: number };
  /** The server said hello. `reconnected` is true when an earlier socket had dropped. */
  hello: { sessionId: string; host: string; resumed: boolean; reconnected: boolean };
  /** The sandbox moved to a new phase. */
  status: { phase: SessionPhase; detail: string | undefined };
  /** The server reported a problem. */
  error: { code: LabErrorCode; message: string; fatal: boolean };
  /** Terminal output bytes. */
  output: Uint8Array;
  /** The lab server's latest judgement of the lesson's exercises (repeats are possible); `id` answers a request. */
  checks: { results: readonly ExerciseResult[]; id: string | undefined };
  /** The live map of the sandbox: sent when the socket attaches and whenever the sandbox changes. */
  map: { map: NetworkMap };
  /** Watching only: the watched terminal's size. */
  size: { cols: number; rows: number };
  /** How many instructors watch this terminal now. */
  watchers: { count: number };
  /** The socket dropped; the next attempt starts after `delayMs`. */
  reconnecting: { attempt: number; delayMs: number };
  /** The socket stopped and will not reconnect by itself. */
  closed: { reason: LabSocketEndReason; code: number };
}

/** One decoded incoming frame: terminal output, or a validated control message. */
export type DecodedFrame =
  | { readonly kind: "output"; readonly bytes: Uint8Array }
  | { readonly kind: "message"; readonly message: ServerMessage };

/**
 * Decodes a WebSocket frame from the lab server: binary frames are terminal bytes, text frames
 * are JSON control messages checked against the shared `serverMessage` schema. Returns undefined
 * for anything else (which is ignored).
 */
export function decodeFrame(data: unknown): DecodedFrame | undefined {
  if (data instanceof ArrayBuffer) return { kind: "output", bytes: new Uint8Array(data) };
  if (typeof data !== "string") return undefined;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return undefined;
  }
  const parsed = serverMessage.safeParse(json);
  if (!parsed.success) {
    console.warn("Switchyard: ignored a terminal message it does not understand", json);
    return undefined;
  }
  return { kind: "message", message: parsed.data };
}
