import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useBrowserLab } from "../helpers/browser.ts";

const lab = useBrowserLab();

async function type(page: Page, line: string): Promise<void> {
  await page.locator("[data-testid=lab-terminal-host1] textarea").focus();
  await page.keyboard.type(`${line}\n`);
}

describe("the live network map in Chromium", () => {
  it("draws a new edge when a running container is connected to a network", async () => {
    const page = await lab.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${lab.server.url}/lessons/fixture-terminal/`);
    await page.locator("[data-testid=lab-start]").click();
    await expect.poll(() => page.locator("[data-testid=lab-panel]").getAttribute("data-lab-state"), { timeout: 90_000 }).toBe("connected");
    await page.locator("[data-testid=map-view-toggle]").click();

    await type(page, "docker network create mapped && docker run -d --name walker tools sleep infinity");
    const walker = page.locator("[data-testid=map-node-container-walker]");
    await expect.poll(() => walker.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.locator("[data-testid=network-map]").getAttribute("data-layout")).toBe("ready");
    expect(await page.locator("[data-testid=map-edge-walker-mapped]").count()).toBe(0);
    expect(await page.locator("[data-testid=map-edge-walker-bridge]").count()).toBe(1);

    await type(page, "docker network connect mapped walker");
    const edge = page.locator("[data-testid=map-edge-walker-mapped]");
    await expect.poll(() => edge.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => edge.textContent()).toContain("eth1");
    await expect.poll(() => page.locator("[data-testid=map-node-network-mapped]").count()).toBe(1);

    // The text alternative lists the same facts.
    await expect.poll(() => page.locator("[data-testid=map-list]").textContent()).toContain("walker");
    await expect.poll(() => page.locator("[data-testid=map-list]").textContent()).toContain("mapped");

    await type(page, "docker rm -f walker");
    await expect.poll(() => walker.count(), { timeout: 30_000 }).toBe(0);
    await page.close();
  });
});
