import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useBrowserLab } from "../helpers/browser.ts";

const lab = useBrowserLab();

const status = (page: Page, id: string) => page.locator(`[data-testid=exercise-${id}]`).getAttribute("data-status");

describe("the exercise checklist in Chromium", () => {
  it("shows live status from the sandbox, hints, solutions, and the moment the lesson is complete", async () => {
    const page = await lab.browser.newPage();
    await page.goto(`${lab.server.url}/lessons/fixture-checks/`);
    await expect.poll(() => status(page, "make-net")).toBe("unknown");

    // Hints come one at a time.
    await page.locator("[data-testid=hint-button-make-net]").click();
    await expect.poll(() => page.locator("[data-testid=hint-make-net-1]").innerText()).toContain("docker network create");

    await page.locator("[data-testid=lab-start]").click();
    await expect.poll(() => page.locator("[data-testid=lab-panel]").getAttribute("data-lab-state"), { timeout: 90_000 }).toBe("connected");
    await expect.poll(() => status(page, "make-net"), { timeout: 30_000 }).toBe("failed");
    await expect.poll(() => status(page, "run-web")).toBe("blocked");
    await expect
      .poll(() => page.locator("[data-testid=exercise-why-make-net]").innerText())
      .toContain("There is no network called fixnet yet");

    // The reference solution, run from the checklist, completes the first exercise.
    await page.locator("[data-testid=solution-toggle-make-net]").click();
    await page.locator("[data-testid=solution-make-net] [data-testid=run-button]").first().click();
    await expect.poll(() => status(page, "make-net"), { timeout: 30_000 }).toBe("passed");
    await expect.poll(() => status(page, "run-web")).toBe("failed");

    // Typed by hand, the second one too: the lesson is complete.
    await page.locator("[data-testid=lab-terminal-host1] textarea").focus();
    await page.keyboard.type("docker run -d --name fixweb --network fixnet web\n");
    await expect.poll(() => status(page, "run-web"), { timeout: 30_000 }).toBe("passed");
    await expect.poll(() => page.locator("[data-testid=lesson-complete]").isVisible()).toBe(true);

    // Undoing the work in the sandbox takes the exercise back to failing, with the reason.
    await page.keyboard.type("docker network disconnect fixnet fixweb\n");
    await expect.poll(() => status(page, "run-web"), { timeout: 30_000 }).toBe("failed");
    await expect.poll(() => page.locator("[data-testid=exercise-why-run-web]").innerText()).toContain("not connected to");

    // The course index remembers what this browser completed, even though the sandbox changed since.
    await page.goto(lab.server.url);
    const progress = page.locator("[data-testid=lesson-card][data-lesson=fixture-checks] [data-testid=lesson-progress]");
    await expect.poll(() => progress.innerText(), { timeout: 15_000 }).toBe("Done: all 2 exercises");

    // Back in the lesson, the exercise undone in the sandbox says it was done before.
    await page.goto(`${lab.server.url}/lessons/fixture-checks/`);
    await expect.poll(() => status(page, "run-web"), { timeout: 30_000 }).toBe("failed");
    await expect
      .poll(() => page.locator("[data-testid=exercise-run-web] .exercise-status").innerText())
      .toMatch(/Not done yet · done before, on/);
    await page.close();
  });
});
