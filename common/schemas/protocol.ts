import { z } from "zod";
import { ERROR_CODES, type LabErrorCode } from "../errors.ts";
import { exerciseResult } from "./checks.ts";
import { networkMap } from "./map.ts";
import { hostName } from "./names.ts";

/**
 * The browser ↔ lab server terminal protocol.
 *
 * Terminal bytes travel as binary WebSocket frames in both directions (raw UTF-8, so a multi-byte
 * character split across frames is reassembled by the terminal). Control messages travel as text
 * frames holding one JSON object each, validated by the schemas below.
 */

/** Largest frame the server accepts from a browser, in bytes. */
export const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/** Close code sent when the session is over and the browser should not reconnect. */
export const CLOSE_SESSION_ENDED = 4000;
/** Close code sent when the socket was replaced by a newer one for the same terminal. */
export const CLOSE_REPLACED = 4001;

const terminalSize = {
  /** Columns, as the browser terminal measures them. */
  cols: z.number().int().min(2).max(1000),
  /** Rows, as the browser terminal measures them. */
  rows: z.number().int().min(1).max(500),
};

/** Messages the browser sends. */
export const clientMessage = z.discriminatedUnion("type", [
  /** Keystrokes or pasted text for the shell (text alternative to a binary frame). */
  z.object({ type: z.literal("input"), data: z.string().max(MAX_CLIENT_MESSAGE_BYTES) }).strict(),
  /** The visible terminal changed size. */
  z.object({ type: z.literal("resize"), ...terminalSize }).strict(),
  /** Round-trip probe; the server answers with `pong` carrying the same `t`. */
  z.object({ type: z.literal("ping"), t: z.number() }).strict(),
  /** Re-evaluate the lesson's exercises now; the server answers with `checks` carrying the same `id`. */
  z.object({ type: z.literal("check"), id: z.string().max(64).optional() }).strict(),
]);
/** A message from the browser. */
export type ClientMessage = z.infer<typeof clientMessage>;

/** Phases of a sandbox as the learner sees them. */
export const sessionPhase = z.enum([
  /** The sandbox hosts are being created. */
  "provisioning",
  /** The sandbox is up and the shell is attached. */
  "ready",
  /** The shell exited (e.g. `exit`); a fresh one is starting in the same sandbox. */
  "shell-restarted",
  /**
   * The machine's Docker Engine stopped answering (e.g. it is restarting). The sandbox is kept if
   * the engine keeps containers running across restarts; a `shell-restarted` follows once it is back.
   */
  "engine-restarting",
  /** The session has ended; its sandbox is gone. */
  "ended",
]);
/** A session phase. */
export type SessionPhase = z.infer<typeof sessionPhase>;

const errorCode = z.enum(Object.keys(ERROR_CODES) as [LabErrorCode, ...LabErrorCode[]]);

/** Messages the server sends. */
export const serverMessage = z.discriminatedUnion("type", [
  /** First message on every socket: which terminal this is. */
  z
    .object({
      type: z.literal("hello"),
      sessionId: z.string(),
      host: hostName,
      /** True when this socket resumed a terminal that already had output (a reconnect). */
      resumed: z.boolean(),
    })
    .strict(),
  /** The sandbox moved to a new phase; `detail` is a short human-readable progress note. */
  z.object({ type: z.literal("status"), phase: sessionPhase, detail: z.string().optional() }).strict(),
  /** Something went wrong; the socket stays open unless the error is fatal. */
  z.object({ type: z.literal("error"), code: errorCode, message: z.string(), fatal: z.boolean() }).strict(),
  /** Answer to `ping`. */
  z.object({ type: z.literal("pong"), t: z.number() }).strict(),
  /**
   * The lesson's exercise results, sent when they change and on attach, and in answer to `check`
   * (then with the request's `id`, from an evaluation that started after the request arrived).
   */
  z.object({ type: z.literal("checks"), results: z.array(exerciseResult), id: z.string().optional() }).strict(),
  /** The live map of the sandbox, sent on attach and whenever it changes. */
  z.object({ type: z.literal("map"), map: networkMap }).strict(),
  /** To a watching instructor: the learner's terminal size, on attach and whenever it changes. */
  z.object({ type: z.literal("size"), ...terminalSize }).strict(),
  /** To the learner: how many instructors are watching this terminal now, sent when it changes. */
  z.object({ type: z.literal("watchers"), count: z.number().int().min(0) }).strict(),
]);
/** A message from the server. */
export type ServerMessage = z.infer<typeof serverMessage>;
