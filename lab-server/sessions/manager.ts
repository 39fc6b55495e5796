/**
 * Creates, finds, reaps and ends lab sessions, and owns their sandboxes' lifecycle.
 */
import { EventEmitter } from "node:events";
import { CheckRunner } from "../checks/runner.ts";
import type { Config } from "../config.ts";
import type { Engine } from "../docker/engine.ts";
import { LabError, toLabError } from "../errors.ts";
import { SandboxAgents } from "../inspect/agents.ts";
import { SnapshotCache } from "../inspect/snapshot-cache.ts";
import { SandboxWatcher } from "../inspect/watcher.ts";
import type { LessonCatalog } from "../lessons/catalog.ts";
import type { Logger } from "../log.ts";
import { MapPublisher } from "../map/publisher.ts";
import type { ProgressStore } from "../progress/store.ts";
import { runLabSetup } from "../sandbox/lab-setup.ts";
import { destroySandbox, provisionSandbox, removeLeftovers, type Sandbox } from "../sandbox/sandbox.ts";
import { SubnetAllocator } from "../sandbox/subnets.ts";
import { hostShell } from "../terminal/host-shell.ts";
import type { Terminal } from "../terminal/terminal.ts";
import { type LiveProgress, ProgressTracker } from "./progress-tracker.ts";
import { restoreOrRemove } from "./restore.ts";
import { LabSession, type RestoredIdentity } from "./session.ts";
import type { SessionRecords } from "./session-records.ts";
import { coursePools, type WarmPool } from "./warm-pool.ts";

/** How often idle sessions are looked for. */
const REAP_INTERVAL_MS = 5_000;
/** How often the engine is searched for sandboxes that nothing of this server owns. */
const SWEEP_INTERVAL_MS = 60_000;

/** Dependencies of the manager. */
export interface ManagerDeps {
  engine: Engine;
  config: Config;
  lessons: LessonCatalog;
  log: Logger;
  /** The sandbox host image reference; undefined when it is not built. */
  hostImage: string | undefined;
  /** Where learners' progress is kept. */
  progress: ProgressStore;
  /** Where open sessions are recorded, so a restarted server can pick them up again. */
  records?: SessionRecords;
}

/** Events of the manager. */
export interface ManagerEvents {
  /** Something an instructor's live view shows changed for this learner (browser id). */
  activity: [clientId: string];
}

/** A learner's open lab, as an instructor's live view shows it. */
export interface LiveLab extends LiveProgress {
  session: LabSession;
}

/** All live sessions of this server. */
export class SessionManager extends EventEmitter<ManagerEvents> {
  readonly #deps: ManagerDeps;
  readonly #sessions = new Map<string, LabSession>();
  readonly #subnets: SubnetAllocator;
  /** Removals under way in end(), by the session label of the sandbox being removed. */
  readonly #ending = new Map<string, Promise<void>>();
  /** Provisioning under way; a session ended meanwhile removes its sandbox when it is done. */
  readonly #provisioning = new Set<Promise<void>>();
  #reaper: NodeJS.Timeout | undefined;
  #sweeper: NodeJS.Timeout | undefined;
  /** Warm pools by lab shape (host names joined with commas). */
  readonly #pools = new Map<string, WarmPool>();

  constructor(deps: ManagerDeps) {
    super();
    // Every followed class (one per class, however many dashboards show it) listens for activity; many is normal, not a leak.
    this.setMaxListeners(0);
    this.#deps = deps;
    this.#subnets = new SubnetAllocator(deps.config.labSubnetPool);
  }

  /**
   * Picks up the sessions an earlier run left open whose sandboxes still run, removes every other
   * leftover of this instance, and starts the idle reaper and the warm pools.
   */
  async init(): Promise<void> {
    const { engine, config, lessons, log, records } = this.#deps;
    const { restored, removed } = await restoreOrRemove({ engine, instance: config.instance, lessons, records });
    if (removed > 0) log.info(`removed ${removed} leftover sandbox objects of an earlier run`);
    for (const record of restored) {
      const hostNames = record.sandbox.hosts.map((h) => h.name);
      const session = this.#newSession(record.lesson, hostNames, record.clientId, record);
      this.#subnets.reserve(record.sandbox.subnet);
      this.#sessions.set(session.id, session);
      this.#activate(session, record.sandbox);
    }
    if (restored.length > 0) log.info(`picked up ${restored.length} open lab sessions of an earlier run`);
    this.#reaper = setInterval(() => this.reapIdle(), REAP_INTERVAL_MS);
    this.#reaper.unref();
    this.#sweeper = setInterval(
      () => void this.sweepOrphans().catch((err: unknown) => log.warn("looking for orphaned sandboxes failed", err)),
      SWEEP_INTERVAL_MS,
    );
    this.#sweeper.unref();
    const { hostImage } = this.#deps;
    if (!hostImage) return;
    for (const [key, pool] of coursePools({ engine, subnets: this.#subnets, log, config, lessons, hostImage })) {
      this.#pools.set(key, pool);
      pool.fill();
    }
  }

  /** Starts a session for a lesson; provisioning continues in the background. */
  create(lessonSlug: string, clientId: string): LabSession {
    const lesson = this.#deps.lessons.get(lessonSlug);
    if (!lesson) throw new LabError("LAB_ERR_UNKNOWN_LESSON", `There is no lesson called "${lessonSlug}". Pick one from the course index.`);
    if (!this.#deps.hostImage) throw new LabError("LAB_ERR_IMAGE_MISSING");
    const open = [...this.#sessions.values()].filter((s) => s.clientId === clientId && (s.state === "provisioning" || s.state === "ready"));
    if (open.length >= this.#deps.config.maxSessionsPerClient) throw new LabError("LAB_ERR_TOO_MANY_SESSIONS");
    const session = this.#newSession(lesson.slug, lesson.lab.hosts, clientId);
    this.#sessions.set(session.id, session);
    const provisioning: Promise<void> = this.#provision(session, this.#deps.hostImage).finally(() =>
      this.#provisioning.delete(provisioning),
    );
    this.#provisioning.add(provisioning);
    return session;
  }

  /** The session with this id if the token matches; throws otherwise. */
  authorize(id: string, token: string | undefined | null): LabSession {
    const session = this.#sessions.get(id);
    if (!session || session.state === "ended") throw new LabError("LAB_ERR_SESSION_NOT_FOUND");
    if (!session.hasToken(token)) throw new LabError("LAB_ERR_UNAUTHORIZED");
    return session;
  }

  /**
   * The learner's open lab: of their ready sessions, the one active most recently; undefined when
   * they have none.
   */
  liveLab(clientId: string): LiveLab | undefined {
    let found: LabSession | undefined;
    for (const s of this.#sessions.values()) {
      if (s.clientId !== clientId || s.state !== "ready") continue;
      if (!found || s.lastActivity > found.lastActivity) found = s;
    }
    if (!found) return undefined;
    // A lesson without exercises has nothing to check: it counts as checked from the start.
    const live = found.tracker?.live ?? {
      checked: true,
      exercise: null,
      exerciseSince: found.createdAt,
      lastFailedRunAt: undefined,
      lastActivityAt: found.lastActivity,
    };
    return { ...live, session: found };
  }

  /** Ready sandboxes waiting in the warm pools, of every shape. */
  get warm(): number {
    return [...this.#pools.values()].reduce((n, pool) => n + pool.size, 0);
  }

  /** Ready sandboxes waiting for labs with exactly these hosts. */
  warmFor(hostNames: readonly string[]): number {
    return this.#pools.get(hostNames.join(","))?.size ?? 0;
  }

  /** Live sessions (for tests and operators). */
  list(): LabSession[] {
    return [...this.#sessions.values()];
  }

  /** Ends a session and removes its sandbox. Resolves when everything is gone. */
  end(id: string): Promise<void> {
    const session = this.#sessions.get(id);
    if (!session) return Promise.resolve();
    this.#sessions.delete(id);
    session.end();
    this.emit("activity", session.clientId);
    const forgotten = this.#deps.records?.remove(id).catch((err: unknown) => this.#deps.log.warn(`forgetting session ${id} failed`, err));
    // A sandbox from the warm pool keeps the label it was made with.
    const sandboxId = session.sandbox?.sessionId ?? session.id;
    const removed = destroySandbox(this.#deps.engine, this.#deps.config.instance, sandboxId)
      .then(() => {
        if (session.sandbox) this.#subnets.release(session.sandbox.subnet);
      })
      .catch((err: unknown) => this.#deps.log.error(`removing the sandbox of ${id} failed`, err));
    const done: Promise<void> = Promise.all([removed, forgotten]).then(
      () => undefined,
      () => undefined,
    );
    void done.finally(() => this.#ending.delete(sandboxId));
    this.#ending.set(sandboxId, done);
    return done;
  }

  /** Ends sessions nobody has been attached to for the idle timeout, and sessions past their lifetime. */
  reapIdle(now = Date.now()): void {
    for (const session of this.#sessions.values()) {
      if (now - session.createdAt >= this.#deps.config.sessionMaxMs) {
        this.#deps.log.info(`session ${session.id} reached its time limit; ending it`);
        void this.end(session.id);
        continue;
      }
      if (session.connections > 0) continue;
      if (now - session.lastActivity >= this.#deps.config.idleTimeoutMs) {
        this.#deps.log.info(`session ${session.id} idle; ending it`);
        void this.end(session.id);
      }
    }
  }

  /**
   * Removes what this server made on the engine that no session, warm pool or removal under way
   * owns: the remains of a teardown that failed, or of a session forgotten some other way. Returns
   * how many containers, networks and volumes it removed.
   */
  async sweepOrphans(): Promise<number> {
    const removed = await removeLeftovers(this.#deps.engine, this.#deps.config.instance, () => this.#ownedSandboxes());
    if (removed > 0) this.#deps.log.warn(`removed ${removed} orphaned sandbox objects that no session owned`);
    return removed;
  }

  /** Session labels of the sandboxes that sessions, pools and removals under way own. */
  #ownedSandboxes(): Set<string> {
    const owned = new Set(this.#ending.keys());
    for (const s of this.#sessions.values()) {
      owned.add(s.id);
      if (s.sandbox) owned.add(s.sandbox.sessionId);
    }
    for (const pool of this.#pools.values()) for (const id of pool.sessionIds) owned.add(id);
    return owned;
  }

  /** Ends every session and waits for their sandboxes to be removed. */
  async shutdown(): Promise<void> {
    if (this.#reaper) clearInterval(this.#reaper);
    if (this.#sweeper) clearInterval(this.#sweeper);
    await Promise.all([...this.#pools.values()].map((pool) => pool.close()));
    await Promise.all([...this.#sessions.keys()].map((id) => this.end(id)));
    // A sandbox still being made when its session ended is removed once it exists: wait for that too.
    await Promise.all([...this.#provisioning]);
    await Promise.all([...this.#ending.values()]);
  }

  async #provision(session: LabSession, image: string): Promise<void> {
    const { engine, config, log } = this.#deps;
    try {
      const warm = await this.#pools.get(session.hostNames.join(","))?.claim(session.hostNames);
      const sandbox =
        warm?.sandbox ??
        (await provisionSandbox(engine, this.#subnets, {
          sessionId: session.id,
          instance: config.instance,
          hostNames: session.hostNames,
          image,
          limits: config.sandbox,
          onProgress: (detail) => session.provisioning(detail),
        }));
      const setup = this.#deps.lessons.get(session.lesson)?.lab.setup ?? [];
      let setupError: unknown;
      if (setup.length > 0 && session.state !== "ended") {
        setupError = await runLabSetup(engine, sandbox, setup, (detail) => session.provisioning(detail)).catch(
          (err: unknown) => err ?? new Error("lab set-up failed"),
        );
      }
      if (session.state === "ended" || setupError !== undefined) {
        for (const shell of warm?.shells.values() ?? []) shell.close();
        // Ended while provisioning: the sandbox was created after end() looked for it. A lab whose
        // set-up failed is not opened half set up: its sandbox goes too.
        await destroySandbox(engine, config.instance, sandbox.sessionId);
        this.#subnets.release(sandbox.subnet);
        if (setupError !== undefined) throw setupError;
        return;
      }
      this.#activate(session, sandbox, warm?.shells);
    } catch (err) {
      // A session ended while its sandbox was being made: the failure is that removal, not news.
      if (session.state === "ended") return;
      const error = toLabError(err);
      if (error.code === "LAB_ERR_INTERNAL" || error.code === "LAB_ERR_SANDBOX_FAILED") {
        log.error(`provisioning session ${session.id} failed`, err);
      }
      session.fail(error);
    }
  }

  /** A new session whose shells run on this manager's engine. */
  #newSession(lesson: string, hostNames: readonly string[], clientId: string, restored?: RestoredIdentity): LabSession {
    const { engine } = this.#deps;
    return new LabSession({ lesson, hostNames, clientId, openShell: (containerId) => hostShell(engine, containerId), restored });
  }

  /**
   * Puts a session with a ready sandbox to work (events, checks, progress, map, with any `shells`
   * started ahead of time), and records it.
   */
  #activate(session: LabSession, sandbox: Sandbox, shells?: ReadonlyMap<string, Terminal>): void {
    const { engine, log } = this.#deps;
    const watcher = new SandboxWatcher(engine, sandbox, log);
    const agents = new SandboxAgents(engine);
    // One engine event invalidates what the checks and the map both read: they share snapshots.
    const snapshots = new SnapshotCache(() => watcher.generation);
    const exercises = this.#deps.lessons.get(session.lesson)?.exercises ?? [];
    let checks: CheckRunner | undefined;
    let tracker: ProgressTracker | undefined;
    if (exercises.length > 0) {
      checks = new CheckRunner(agents, sandbox, exercises, watcher, snapshots);
      const progress = new ProgressTracker(this.#deps.progress, session.clientId, session.lesson, log, () =>
        this.emit("activity", session.clientId),
      );
      tracker = progress;
      checks.on("results", (results) => progress.results(results));
      void checks.evaluate().catch((err: unknown) => log.warn(`checks for ${session.id} failed`, err));
    }
    const map = new MapPublisher(agents, sandbox, watcher, snapshots);
    void map.refresh().catch((err: unknown) => {
      if (session.state !== "ended") log.warn(`mapping ${session.id} failed`, err);
    });
    void watcher.start().catch((err: unknown) => log.warn(`watching ${session.id} failed`, err));
    session.ready({ sandbox, watcher, agents, checks, tracker, map }, shells);
    this.emit("activity", session.clientId);
    void this.#deps.records
      ?.save({
        id: session.id,
        tokenSha256: session.tokenSha256,
        clientId: session.clientId,
        lesson: session.lesson,
        sandbox,
        createdAt: session.createdAt,
      })
      .catch((err: unknown) => log.warn(`recording session ${session.id} failed; a server restart would end it`, err));
  }
}
