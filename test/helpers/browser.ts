/**
 * Debian's Chromium driven by playwright-core, with the flags this machine needs (no sandbox as
 * root, no background network traffic). Playwright gives every launch a fresh empty profile.
 */
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { Config } from "../../lab-server/config.ts";
import type { LabServer } from "../../lab-server/http/server.ts";
import { startTestServer } from "./server.ts";
import { FIXTURE_SITE } from "./site-setup.ts";

/** Path of the system Chromium. */
export const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

/** Launches headless Chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A lab server serving the fixture site, and a browser, for one browser test file. */
export interface BrowserLab {
  readonly server: LabServer;
  readonly browser: Browser;
}

/** Starts a lab server on the fixture site and Chromium before the file's tests; stops both after. */
export function useBrowserLab(overrides: Partial<Config> = {}): BrowserLab {
  let server: LabServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startTestServer({ siteDir: FIXTURE_SITE, ...overrides });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error("the lab server is not started yet");
      return server;
    },
    get browser() {
      if (!browser) throw new Error("the browser is not started yet");
      return browser;
    },
  };
}
