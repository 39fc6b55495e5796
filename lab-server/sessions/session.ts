/**
 * One learner's lab session: a lesson, a sandbox, and a terminal per sandbox host. The session
 * makes its own transitions (provisioning, ready, failed, ended) and announces them; the
 * SessionManager decides when, and builds what a ready session runs.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { EventEmitter } from "node:events";
import type { SessionView } from "../../common/schemas/api.ts";
import type { CheckRunner } from "../checks/runner.ts";
import type { LabError } from "../errors.ts";
import type { SandboxAgents } from "../inspect/agents.ts";
import type { SandboxWatcher } from "../inspect/watcher.ts";
import type { MapPublisher } from "../map/publisher.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import type { Terminal } from "../terminal/terminal.ts";
import type { ProgressTracker } from "./progress-tracker.ts";

/** Where a session is in its life. */
export type SessionState = SessionView["state"];

/** Events a session emits. */
export interface SessionEvents {
  /** A step of making the sandbox, while provisioning. */
  provisioning: [detail: string];
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

/** What a session needs to be made. */
export interface SessionInit {
  lesson: string;
  hostNames: readonly string[];
  /** The browser (cookie) that created the session. */
  clientId: string;
  /** Makes a (not yet started) shell on a sandbox host container. */
  openShell: (containerId: string) => Terminal;
  /** Given for a session picked up again after the lab server restarted. */
  restored?: RestoredIdentity | undefined;
}

/** What a session runs once its sandbox is ready; the SessionManager builds it. */
export interface ReadyParts {
  sandbox: Sandbox;
  /** Follows the sandbox's engine events. */
  watcher: SandboxWatcher;
  /** Runs the checks' and the map's commands in the sandbox's hosts. */
  agents: SandboxAgents;
  /** Evaluates the lesson's exercises (none for lessons without exercises). */
  checks: CheckRunner | undefined;
  /** Records the learner's lasting progress (with checks only). */
  tracker: ProgressTracker | undefined;
  /** The live network map. */
  map: MapPublisher;
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
  /** Last time something happened (input, attach, API call). */
  lastActivity = Date.now();
  /** True for a session picked up again after the lab server restarted (its shells are new). */
  readonly restored: boolean;
  /** Browser sockets open on this session, including those waiting for the sandbox to be ready. */
  connections = 0;
  readonly #openShell: (containerId: string) => Terminal;
  readonly #terminals = new Map<string, Terminal>();
  #state: SessionState = "provisioning";
  #error: LabError | undefined;
  #provisioningDetail = "queued";
  /** Kept after the session ends: its removal needs to know which sandbox it had. */
  #sandbox: Sandbox | undefined;
  /** What the session runs while it is ready. */
  #parts: ReadyParts | undefined;
  #watchers = 0;

  constructor({ lesson, hostNames, clientId, openShell, restored }: SessionInit) {
    super();
    this.lesson = lesson;
    this.hostNames = hostNames;
    this.clientId = clientId;
    this.#openShell = openShell;
    this.restored = restored !== undefined;
    this.id = restored?.id ?? randomBytes(12).toString("hex");
    this.tokenSha256 = restored?.tokenSha256 ?? tokenSha256(this.token);
    this.createdAt = restored?.createdAt ?? Date.now();
  }

  /** Where the session is in its life. */
  get state(): SessionState {
    return this.#state;
  }

  /** Why provisioning failed, once it has. */
  get error(): LabError | undefined {
    return this.#error;
  }

  /** Latest step of making the sandbox, while provisioning. */
  get provisioningDetail(): string {
    return this.#provisioningDetail;
  }

  /** The sandbox, once ready. */
  get sandbox(): Sandbox | undefined {
    return this.#sandbox;
  }

  /** Evaluates the lesson's exercises once the sandbox is ready (none for lessons without exercises). */
  get checks(): CheckRunner | undefined {
    return this.#parts?.checks;
  }

  /** Records the learner's lasting progress, once ready, for lessons with exercises. */
  get tracker(): ProgressTracker | undefined {
    return this.#parts?.tracker;
  }

  /** The live network map, once the sandbox is ready. */
  get map(): MapPublisher | undefined {
    return this.#parts?.map;
  }

  /** A step of making the sandbox: kept for sockets that connect later, and announced. */
  provisioning(detail: string): void {
    this.#provisioningDetail = detail;
    this.emit("provisioning", detail);
  }

  /**
   * The sandbox is ready: the session runs `parts` until it ends, and adopts `shells` started
   * ahead of time (a warm sandbox's), by host name.
   */
  ready(parts: ReadyParts, shells?: ReadonlyMap<string, Terminal>): void {
    this.#sandbox = parts.sandbox;
    this.#parts = parts;
    for (const [host, terminal] of shells ?? []) if (!this.#terminals.has(host)) this.#terminals.set(host, terminal);
    this.#state = "ready";
    this.touch();
    this.emit("ready");
  }

  /** Provisioning failed. */
  fail(error: LabError): void {
    this.#state = "failed";
    this.#error = error;
    this.emit("failed", error);
  }

  /** Ends the session: closes its terminals and stops what it runs; removing its sandbox is the manager's. */
  end(): void {
    this.#state = "ended";
    this.#stop();
    this.emit("ended");
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

  /** The learner pressed Enter in a terminal: a command may have changed the sandbox. */
  commandEntered(): void {
    this.checks?.commandEntered();
    this.tracker?.command();
  }

  /** The learner typed without pressing Enter. */
  typed(): void {
    this.tracker?.activity();
  }

  /** The terminal of a host, created on first use. Only valid once the sandbox is ready. */
  terminal(hostName: string): Terminal | undefined {
    const host = this.sandbox?.hosts.find((h) => h.name === hostName);
    if (!host || this.state !== "ready") return undefined;
    let terminal = this.#terminals.get(hostName);
    if (!terminal) {
      terminal = this.#openShell(host.containerId);
      if (this.restored) terminal.note("the lab server restarted; this is a fresh shell in the same sandbox, with everything in it");
      this.#terminals.set(hostName, terminal);
    }
    return terminal;
  }

  /** Instructors watching this session's terminals now. */
  get watchers(): number {
    return this.#watchers;
  }

  /** Counts a watcher in (+1) or out (-1) and tells the learner's sockets. */
  changeWatchers(delta: 1 | -1): void {
    this.#watchers = Math.max(0, this.#watchers + delta);
    this.emit("watchers", this.#watchers);
  }

  #stop(): void {
    const parts = this.#parts;
    this.#parts = undefined;
    parts?.checks?.stop();
    parts?.tracker?.flush();
    parts?.map.stop();
    parts?.watcher.stop();
    parts?.agents.close();
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
