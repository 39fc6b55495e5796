/**
 * `npm start`: runs the lab server until SIGINT/SIGTERM, then removes every sandbox it made.
 */
import { loadConfig } from "./config.ts";
import { startLabServer } from "./http/server.ts";
import { createLogger } from "./log.ts";

try {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const server = await startLabServer(config, log);
  console.log(`\nSwitchyard is running at ${server.url}\n(Ctrl+C stops it and removes every sandbox it started)\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: ending every session and removing sandboxes…`);
    await server.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
} catch (err) {
  const cause = (err as Error).cause;
  console.error(`Switchyard could not start: ${(err as Error).message}${cause instanceof Error ? ` (${cause.message})` : ""}`);
  process.exit(1);
}
