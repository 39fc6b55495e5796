import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useBrowserLab } from "../helpers/browser.ts";

const lab = useBrowserLab();

/** The visible text of a host's terminal. */
function terminalText(page: Page, host = "host1"): Promise<string> {
  return page.locator(`[data-testid=lab-terminal-${host}] .xterm-rows`).innerText();
}

describe("a lesson page in Chromium", () => {
  it("lists the fixture lessons on the course index", async () => {
    const page = await lab.browser.newPage();
    await page.goto(lab.server.url);
    const cards = page.locator("[data-testid=lesson-card]");
    await expect.poll(() => cards.count()).toBe(3);
    await expect.poll(() => cards.first().innerText()).toContain("Fixture terminal lesson");
    await page.close();
  });

  it("runs a code block's command in the learner's own sandbox with the Run button", async () => {
    const page = await lab.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(err.message));
    await page.goto(`${lab.server.url}/lessons/fixture-terminal/`);
    await page.locator("[data-testid=code-block] [data-testid=run-button]").first().click();
    // The click starts the lab; the command waits for the shell, then runs.
    const panel = page.locator("[data-testid=lab-panel]");
    await expect.poll(() => panel.getAttribute("data-lab-state"), { timeout: 90_000 }).toBe("connected");
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain("network: fixture-net");
    // The network really exists in this learner's sandbox engine.
    const session = lab.server.sessions.list().at(-1);
    const host = session?.sandbox?.hosts[0];
    expect(host).toBeDefined();
    const ls = await lab.server.engine.execCapture(host!.containerId, ["docker", "network", "ls", "--format", "{{.Name}}"], {
      timeoutMs: 10_000,
    });
    expect(ls.stdout.split("\n")).toContain("fixture-net");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("types into the terminal and survives a reload by reattaching to the same sandbox", async () => {
    const page = await lab.browser.newPage();
    await page.goto(`${lab.server.url}/lessons/fixture-terminal/`);
    await page.locator("[data-testid=lab-start]").click();
    const panel = page.locator("[data-testid=lab-panel]");
    await expect.poll(() => panel.getAttribute("data-lab-state"), { timeout: 90_000 }).toBe("connected");
    await page.locator("[data-testid=lab-terminal-host1] textarea").focus();
    await page.keyboard.type("docker network create typed-by-hand && echo made-$((6*7))\n");
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain("made-42");
    await page.reload();
    await expect.poll(() => panel.getAttribute("data-lab-state"), { timeout: 30_000 }).toBe("connected");
    await expect.poll(() => page.locator("[data-testid=lab-status]").innerText()).toMatch(/Reconnected|Connected/);
    await page.locator("[data-testid=lab-terminal-host1] textarea").focus();
    await page.keyboard.type("docker network ls --format 'seen {{.Name}}'\n");
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain("seen typed-by-hand");
    await page.locator("[data-testid=lab-end]").click();
    await expect.poll(() => panel.getAttribute("data-lab-state"), { timeout: 30_000 }).toMatch(/idle|ended/);
    await page.close();
  });

  it("shows the learner an actionable error for an unknown lesson", async () => {
    const page = await lab.browser.newPage();
    const res = await page.goto(`${lab.server.url}/lessons/no-such-lesson/`);
    expect(res?.status()).toBe(404);
    await expect.poll(() => page.locator("[data-testid=not-found]").innerText()).toMatch(/index/i);
    await page.close();
  });
});
