/**
 * One learner's lab session: a lesson, a sandbox, and a terminal per sandbox host.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { EventEmitter } from "node:events";
import type { SessionView } from "../../common/schemas/api.ts";
import type { CheckRunner } from "../checks/runner.ts";
import type { Engine } from "../docker/engine.ts";
import type { LabError } from "../errors.ts";
import type { SandboxAgents } from "../inspect/agents.ts";
import type { SandboxWatcher } from "../inspect/watcher.ts";
import type { MapPublisher } from "../map/publisher.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { hostShell } from "../terminal/host-shell.ts";
import type { Terminal } from "../terminal/terminal.ts";
import type { ProgressTracker } from "./progress-tracker.ts";

/** Where a session is in its life. */
export type SessionState = SessionView["state"];

/** Events a session emits. */
export interface SessionEvents {
  /** Provisioning progress or a state change. */
  progress: [detail: string];
  /** The sandbox is ready. */
  ready: [];
  /** Provisioning failed. */
  failed: [error: LabError];
  /** The session ended; its sandbox is being removed. */
  ended: [];
  /** The number of instructors watching its terminals changed. */
  watchers: [count: number];
  /** This instructor's watches of its terminals must end (the learner left their class). */
  unwatch: [instructorId: string, reason: string];
}

/** A session picked up again after a restart of the lab server: what identified it before. */
export interface RestoredIdentity {
  id: string;
  tokenSha256: string;
  createdAt: number;
}

/** SHA-256 of a session token, hex. */
export function tokenSha256(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A lab session. Created by the SessionManager; never constructed elsewhere. */
export class LabSession extends EventEmitter<SessionEvents> {
  /** Public id (in URLs). */
  readonly id: string;
  /**
   * Secret that proves the browser owns this session, given to it once at creation. A restored
   * session has a fresh one nobody knows: its browser proves itself with the original.
   */
  readonly token = randomBytes(24).toString("base64url");
  /** SHA-256 of the token the browser holds (hex). */
  readonly tokenSha256: string;
  readonly lesson: string;
  readonly hostNames: readonly string[];
  /** The browser (cookie) that created the session. */
  readonly clientId: string;
  readonly createdAt: number;
  state: SessionState = "provisioning";
  sandbox: Sandbox | undefined;
  error: LabError | undefined;
  /** Last time something happened (input, attach, API call). */
  lastActivity = Date.now();
  /** Evaluates the lesson's exercises once the sandbox is ready (none for lessons without exercises). */
  checks: CheckRunner | undefined;
  /** Records the learner's lasting progress, when the server keeps progress. */
  progress: ProgressTracker | undefined;
  /** The live network map, once the sandbox is ready. */
  map: MapPublisher | undefined;
  /** Follows the sandbox's engine events once it is ready. */
  watcher: SandboxWatcher | undefined;
  /** Runs the checks' and the map's commands in the sandbox's hosts, once it is ready. */
  agents: SandboxAgents | undefined;
  /** Latest progress note while provisioning. */
  progressDetail = "queued";
  /** True for a session picked up again after the lab server restarted (its shells are new). */
  restored = false;
  readonly #terminals = new Map<string, Terminal>();

  constructor(lesson: string, hostNames: readonly string[], clientId: string, restored?: RestoredIdentity) {
    super();
    this.lesson = lesson;
    this.hostNames = hostNames;
    this.clientId = clientId;
    this.id = restored?.id ?? randomBytes(12).toString("hex");
    this.tokenSha256 = restored?.tokenSha256 ?? tokenSha256(this.token);
    this.createdAt = restored?.createdAt ?? Date.now();
  }

  /** Constant-time token check (of the hashes, which have a fixed length). */
  hasToken(token: string | undefined | null): boolean {
    if (!token) return false;
    return timingSafeEqual(Buffer.from(tokenSha256(token), "hex"), Buffer.from(this.tokenSha256, "hex"));
  }

  /** Records activity, pushing back the idle timeout. */
  touch(): void {
    this.lastActivity = Date.now();
  }

  /** The terminal of a host, created on first use. Only valid once the sandbox is ready. */
  terminal(engine: Engine, hostName: string): Terminal | undefined {
    const host = this.sandbox?.hosts.find((h) => h.name === hostName);
    if (!host || this.state !== "ready") return undefined;
    let terminal = this.#terminals.get(hostName);
    if (!terminal) {
      terminal = hostShell(engine, host.containerId);
      if (this.restored) terminal.note("the lab server restarted; this is a fresh shell in the same sandbox, with everything in it");
      this.#terminals.set(hostName, terminal);
    }
    return terminal;
  }

  /** Takes over shells started ahead of time (a warm sandbox's), by host name. */
  adoptTerminals(terminals: ReadonlyMap<string, Terminal>): void {
    for (const [host, terminal] of terminals) if (!this.#terminals.has(host)) this.#terminals.set(host, terminal);
  }

  /** Browser sockets open on this session, including those waiting for the sandbox to be ready. */
  connections = 0;

  #watchers = 0;

  /** Instructors watching this session's terminals now. */
  get watchers(): number {
    return this.#watchers;
  }

  /** Counts a watcher in (+1) or out (-1) and tells the learner's sockets. */
  changeWatchers(delta: 1 | -1): void {
    this.#watchers = Math.max(0, this.#watchers + delta);
    this.emit("watchers", this.#watchers);
  }

  /** Closes every terminal and stops evaluating checks. */
  closeTerminals(): void {
    this.checks?.stop();
    this.checks = undefined;
    this.progress?.flush();
    this.map?.stop();
    this.map = undefined;
    this.watcher?.stop();
    this.watcher = undefined;
    this.agents?.close();
    this.agents = undefined;
    for (const t of this.#terminals.values()) t.close();
    this.#terminals.clear();
  }

  /** The API's view of this session. */
  view(includeToken: boolean, idleTimeoutMs: number): SessionView {
    return {
      id: this.id,
      ...(includeToken ? { token: this.token } : {}),
      lesson: this.lesson,
      hosts: [...this.hostNames],
      state: this.state,
      idleExpiresAt: new Date(this.lastActivity + idleTimeoutMs).toISOString(),
    };
  }
}
