/**
 * Global set-up for browser tests: builds the site from the fixture lessons into a directory of
 * its own, so browser tests never depend on the real curriculum.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { FIXTURE_LESSONS } from "./server.ts";

/** Where the fixture site is built. */
export const FIXTURE_SITE = resolve(import.meta.dirname, "../../.data/test-site");

export default function setup(): void {
  const result = spawnSync("npx", ["astro", "build"], {
    cwd: resolve(import.meta.dirname, "../.."),
    env: { ...process.env, SWITCHYARD_CONTENT_DIR: FIXTURE_LESSONS, SWITCHYARD_SITE_DIR: FIXTURE_SITE },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`building the fixture site failed:\n${result.stdout}\n${result.stderr}`);
}
