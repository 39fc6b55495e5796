/**
 * The lab server's configuration, from environment variables (documented in the README).
 */
import { resolve } from "node:path";
import { z } from "zod";

const ROOT = resolve(new URL("..", import.meta.url).pathname);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default("127.0.0.1"),
  DOCKER_HOST: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  SWITCHYARD_DATA_DIR: z.string().default(resolve(ROOT, ".data")),
  SWITCHYARD_SITE_DIR: z.string().default(resolve(ROOT, "dist")),
  SWITCHYARD_CONTENT_DIR: z.string().default(resolve(ROOT, "content/lessons")),
  SWITCHYARD_INSTANCE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,30}$/)
    .default("default"),
  SWITCHYARD_IDLE_TIMEOUT_S: z.coerce.number().int().min(5).default(1800),
  SWITCHYARD_LAB_SUBNET_POOL: z
    .string()
    .regex(/^10\.\d{1,3}\.0\.0\/16$/, "use a 10.X.0.0/16 range")
    .default("10.213.0.0/16"),
  SWITCHYARD_SANDBOX_MEMORY_MB: z.coerce.number().int().min(128).default(1024),
  SWITCHYARD_SANDBOX_PIDS: z.coerce.number().int().min(64).default(1024),
  SWITCHYARD_SANDBOX_CPUS: z.coerce.number().min(0.1).default(1),
  SWITCHYARD_SANDBOX_DISK_MB: z.coerce.number().int().min(64).default(1024),
  SWITCHYARD_RUNTIME: z.string().optional(),
  SWITCHYARD_UNISOLATED_SANDBOXES: z.enum(["0", "1"]).default("0"),
  SWITCHYARD_ALLOWED_ORIGINS: z.string().optional(),
  SWITCHYARD_MAX_SESSIONS_PER_CLIENT: z.coerce.number().int().min(1).default(3),
  SWITCHYARD_POOL_SIZE: z.coerce.number().int().min(0).max(50).default(2),
  SWITCHYARD_POOL_MULTI_SIZE: z.coerce.number().int().min(0).max(10).default(0),
  SWITCHYARD_SESSION_RATE_PER_MIN: z.coerce.number().int().min(1).default(10),
  SWITCHYARD_SESSION_MAX_S: z.coerce
    .number()
    .int()
    .min(60)
    .default(4 * 3600),
  SWITCHYARD_STUCK_AFTER_S: z.coerce.number().int().min(30).default(600),
  SWITCHYARD_LOG: z.enum(["debug", "info", "warn", "error"]).default("info"),
  SWITCHYARD_DEBIAN_MIRROR: z.url().optional(),
});

/** Per sandbox host limits, and how far sandboxes must be isolated. */
export interface SandboxLimits {
  memoryBytes: number;
  pids: number;
  nanoCpus: number;
  diskBytes: number;
  /** OCI runtime for sandbox hosts (e.g. `sysbox-runc`); undefined means the engine's default. */
  runtime: string | undefined;
  /**
   * Opt-in for a single-user machine whose learners are all trusted: run sandboxes even when the
   * engine cannot put them in a user namespace, which makes a learner's root the machine's root.
   */
  allowUnisolated: boolean;
}

/** The lab server's settings. */
export interface Config {
  /** TCP port to listen on (0 picks a free one). */
  port: number;
  /** Address to listen on. */
  host: string;
  /** DOCKER_HOST of the outer engine, if not the default socket. */
  dockerHost: string | undefined;
  /** PostgreSQL connection string; without it, an embedded database under `dataDir/db` is used. */
  databaseUrl: string | undefined;
  /** Where the server keeps its data, logs and image build cache. */
  dataDir: string;
  /** The built site to serve. */
  siteDir: string;
  /** Lesson files. */
  contentDir: string;
  /** Name of this server instance; it owns (and cleans up) only objects labelled with it. */
  instance: string;
  /** A session with no attached terminal and no API use for this long ends. */
  idleTimeoutMs: number;
  /** Pool that lab networks' /24 subnets are taken from. */
  labSubnetPool: string;
  /** Per sandbox host limits. */
  sandbox: SandboxLimits;
  /** Origins allowed to open terminal sockets and send state-changing requests; empty means: the server's own origin only. */
  allowedOrigins: string[];
  /** Most open sessions one browser may hold. */
  maxSessionsPerClient: number;
  /** Ready one-host sandboxes kept waiting for learners (0 turns the warm pool off). */
  poolSize: number;
  /** Ready sandboxes kept waiting for each multi-host lab shape of the course (e.g. a three-host swarm). */
  poolMultiSize: number;
  /** Most sessions one browser or one address may start per minute. */
  sessionRatePerMinute: number;
  /** A session ends this long after it started, even if in use. */
  sessionMaxMs: number;
  /** A class member is flagged stuck after this long on one exercise without passing it while its checks keep failing. */
  stuckAfterMs: number;
  /** The least severe log level printed. */
  logLevel: "debug" | "info" | "warn" | "error";
  /** Debian mirror for building the sandbox host image; undefined: the one apt uses on this machine. */
  debianMirror: string | undefined;
}

/** Reads and validates the configuration; throws with the variable's name when one is bad. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid setting ${String(issue?.path[0])}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dockerHost: e.DOCKER_HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.SWITCHYARD_DATA_DIR,
    siteDir: e.SWITCHYARD_SITE_DIR,
    contentDir: e.SWITCHYARD_CONTENT_DIR,
    instance: e.SWITCHYARD_INSTANCE,
    idleTimeoutMs: e.SWITCHYARD_IDLE_TIMEOUT_S * 1000,
    labSubnetPool: e.SWITCHYARD_LAB_SUBNET_POOL,
    sandbox: {
      memoryBytes: e.SWITCHYARD_SANDBOX_MEMORY_MB * 1024 * 1024,
      pids: e.SWITCHYARD_SANDBOX_PIDS,
      nanoCpus: Math.round(e.SWITCHYARD_SANDBOX_CPUS * 1e9),
      diskBytes: e.SWITCHYARD_SANDBOX_DISK_MB * 1024 * 1024,
      runtime: e.SWITCHYARD_RUNTIME,
      allowUnisolated: e.SWITCHYARD_UNISOLATED_SANDBOXES === "1",
    },
    allowedOrigins: (e.SWITCHYARD_ALLOWED_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    maxSessionsPerClient: e.SWITCHYARD_MAX_SESSIONS_PER_CLIENT,
    poolSize: e.SWITCHYARD_POOL_SIZE,
    poolMultiSize: e.SWITCHYARD_POOL_MULTI_SIZE,
    sessionRatePerMinute: e.SWITCHYARD_SESSION_RATE_PER_MIN,
    sessionMaxMs: e.SWITCHYARD_SESSION_MAX_S * 1000,
    stuckAfterMs: e.SWITCHYARD_STUCK_AFTER_S * 1000,
    logLevel: e.SWITCHYARD_LOG,
    debianMirror: e.SWITCHYARD_DEBIAN_MIRROR,
  };
}
