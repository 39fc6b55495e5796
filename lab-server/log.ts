/**
 * A small leveled logger writing one line per event to stderr. `SWITCHYARD_LOG=error` quiets it.
 */

/** Logging levels, most verbose first. */
const LEVELS = ["debug", "info", "warn", "error"] as const;
type Level = (typeof LEVELS)[number];

/** What the server logs through. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, err?: unknown): void;
  error(message: string, err?: unknown): void;
}

/** A logger that prints messages at `minimum` and above. */
export function createLogger(minimum: string | undefined): Logger {
  const threshold = LEVELS.indexOf((LEVELS as readonly string[]).includes(minimum ?? "") ? (minimum as Level) : "info");
  const write = (level: Level, message: string, err?: unknown) => {
    if (LEVELS.indexOf(level) < threshold) return;
    const detail = err instanceof Error ? ` — ${describe(err)}` : err === undefined ? "" : ` — ${String(err)}`;
    process.stderr.write(`${new Date().toISOString()} ${level.padEnd(5)} ${message}${detail}\n`);
  };
  return {
    debug: (m) => write("debug", m),
    info: (m) => write("info", m),
    warn: (m, e) => write("warn", m, e),
    error: (m, e) => write("error", m, e),
  };
}

function describe(err: Error): string {
  const cause = err.cause instanceof Error ? ` (cause: ${describe(err.cause)})` : "";
  return `${err.message}${cause}`;
}
