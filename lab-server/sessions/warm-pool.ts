/**
 * Warm pools of ready sandboxes, one per lab shape of the course, so a learner who presses Start
 * gets a prompt at once: each pooled sandbox already runs its hosts' shells (a login shell takes
 * longer to start than anything else on the way to the prompt). Claimed sandboxes are replaced in
 * the background.
 */
import { randomBytes } from "node:crypto";
import type { Config } from "../config.ts";
import type { Engine } from "../docker/engine.ts";
import type { LessonCatalog } from "../lessons/catalog.ts";
import type { Logger } from "../log.ts";
import { destroySandbox, type ProvisionRequest, provisionSandbox, type Sandbox } from "../sandbox/sandbox.ts";
import type { SubnetAllocator } from "../sandbox/subnets.ts";
import { hostShell } from "../terminal/host-shell.ts";
import type { Terminal } from "../terminal/terminal.ts";

/** What the pool needs. */
export interface PoolOptions {
  engine: Engine;
  subnets: SubnetAllocator;
  log: Logger;
  /** Host names of the pooled shape, e.g. ["host1"]. */
  hostNames: readonly string[];
  size: number;
  request: Omit<ProvisionRequest, "sessionId" | "hostNames" | "onProgress">;
}

/** A claimed sandbox and its hosts' running shells, by host name. */
export interface WarmSandbox {
  sandbox: Sandbox;
  shells: Map<string, Terminal>;
}

/** Ready sandboxes of one shape. */
export class WarmPool {
  readonly #options: PoolOptions;
  readonly #ready: WarmSandbox[] = [];
  readonly #filling = new Set<Promise<void>>();
  /** Session labels of sandboxes being prepared, before they are ready. */
  readonly #preparing = new Set<string>();
  #closed = false;

  constructor(options: PoolOptions) {
    this.#options = options;
  }

  /** Sandboxes waiting to be claimed. */
  get size(): number {
    return this.#ready.length;
  }

  /** Session labels of every sandbox the pool holds or is preparing: none of them is an orphan. */
  get sessionIds(): string[] {
    return [...this.#preparing, ...this.#ready.map((w) => w.sandbox.sessionId)];
  }

  /** Starts filling the pool. */
  fill(): void {
    while (!this.#closed && this.#ready.length + this.#filling.size < this.#options.size) {
      const filling: Promise<void> = this.#provisionOne().finally(() => this.#filling.delete(filling));
      this.#filling.add(filling);
    }
  }

  /** A ready sandbox of exactly this shape, with its shells, or undefined. The pool refills behind it. */
  async claim(hostNames: readonly string[]): Promise<WarmSandbox | undefined> {
    if (hostNames.join(",") !== this.#options.hostNames.join(",")) return undefined;
    while (this.#ready.length > 0) {
      const warm = this.#ready.shift() as WarmSandbox;
      this.fill();
      const alive = await Promise.all(warm.sandbox.hosts.map((h) => this.#options.engine.isRunning(h.containerId)));
      if (alive.every(Boolean)) return warm;
      await this.#discard(warm);
    }
    return undefined;
  }

  /** Removes every pooled sandbox, including those still being prepared. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#filling]);
    await Promise.all(this.#ready.splice(0).map((s) => this.#discard(s)));
  }

  async #provisionOne(): Promise<void> {
    const { engine, subnets, log } = this.#options;
    const sessionId = `pool${randomBytes(8).toString("hex")}`;
    this.#preparing.add(sessionId);
    try {
      const sandbox = await provisionSandbox(engine, subnets, {
        ...this.#options.request,
        sessionId,
        hostNames: this.#options.hostNames,
      });
      const shells = new Map(sandbox.hosts.map((h) => [h.name, hostShell(engine, h.containerId)]));
      const warm = { sandbox, shells };
      await Promise.all([...shells.values()].map(warmUp));
      if (this.#closed) await this.#discard(warm);
      else this.#ready.push(warm);
    } catch (err) {
      log.warn("could not prepare a warm sandbox", err);
    } finally {
      this.#preparing.delete(sessionId);
    }
  }

  async #discard({ sandbox, shells }: WarmSandbox): Promise<void> {
    for (const shell of shells.values()) shell.close();
    await destroySandbox(this.#options.engine, this.#options.request.instance, sandbox.sessionId).catch(() => undefined);
    this.#options.subnets.release(sandbox.subnet);
  }
}

/** What the pools are made from. */
export interface CoursePoolDeps {
  engine: Engine;
  subnets: SubnetAllocator;
  log: Logger;
  config: Config;
  lessons: LessonCatalog;
  hostImage: string;
}

/** Unfilled pools by lab shape (host names joined with commas); shapes sized 0 get none. */
export function coursePools({ engine, subnets, log, config, lessons, hostImage }: CoursePoolDeps): Map<string, WarmPool> {
  // One-host labs are most of the course; multi-host ones are few and cost a host each per sandbox.
  const shapes = new Map<string, readonly string[]>();
  for (const lesson of lessons.all()) shapes.set(lesson.lab.hosts.join(","), lesson.lab.hosts);
  const pools = new Map<string, WarmPool>();
  for (const [key, hostNames] of shapes) {
    const size = hostNames.length === 1 ? config.poolSize : config.poolMultiSize;
    if (size === 0) continue;
    pools.set(
      key,
      new WarmPool({
        engine,
        subnets,
        log,
        hostNames,
        size,
        request: { instance: config.instance, image: hostImage, limits: config.sandbox },
      }),
    );
  }
  return pools;
}

/** Longest a warm sandbox waits for a shell's first prompt before it is offered anyway. */
const PROMPT_WAIT_MS = 10_000;

/**
 * Starts a pooled shell and waits for its prompt: warm means a prompt on screen the moment the
 * learner attaches. A shell that fails to start now is started again when the learner attaches.
 */
async function warmUp(terminal: Terminal): Promise<void> {
  try {
    await terminal.start();
  } catch {
    return;
  }
  await promptOrTimeout(terminal);
}

function promptOrTimeout(terminal: Terminal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, PROMPT_WAIT_MS);
  });
  return Promise.race([terminal.firstOutput(), timeout]).finally(() => clearTimeout(timer));
}
