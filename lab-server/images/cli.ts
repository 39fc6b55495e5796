/**
 * `npm run images`: builds the lab images if their recipes changed. `--force` rebuilds anyway.
 */
import { join } from "node:path";
import { loadConfig } from "../config.ts";
import { Engine } from "../docker/engine.ts";
import { ensureImages } from "./build.ts";

const config = loadConfig(process.env);
const engine = new Engine({ dockerHost: config.dockerHost });
const started = Date.now();
try {
  await engine.ping();
  await ensureImages(engine, {
    cacheDir: join(config.dataDir, "image-cache"),
    force: process.argv.includes("--force"),
    mirror: config.debianMirror,
    log: (line) => console.log(`    ${line}`),
  });
  console.log(`    lab images ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (err) {
  const cause = (err as Error).cause;
  console.error(`error: ${(err as Error).message}${cause ? `\n  cause: ${(cause as Error).message ?? String(cause)}` : ""}`);
  process.exitCode = 1;
}
