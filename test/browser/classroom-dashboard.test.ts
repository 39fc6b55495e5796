import { describe, expect, it } from "vitest";
import { useBrowserLab } from "../helpers/browser.ts";

// A learner counts as stuck after 1 s on an exercise with failing commands, so the test sees the flag.
const lab = useBrowserLab({ stuckAfterMs: 1000 });

describe("a class in Chromium", () => {
  it("an instructor creates a class, a learner joins by link, and the instructor watches them complete an exercise", async () => {
    const instructor = await (await lab.browser.newContext()).newPage();
    const learner = await (await lab.browser.newContext()).newPage();

    // The instructor creates an account and a class.
    await instructor.goto(`${lab.server.url}/instructor/`);
    await instructor.locator("[data-testid=instructor-email]").fill(`teacher.${process.pid}.${Date.now()}@example.org`);
    await instructor.locator("[data-testid=instructor-password]").fill("a long enough password");
    await instructor.locator("[data-testid=instructor-sign-up]").click();
    await instructor.locator("[data-testid=instructor-signed-in]").waitFor();
    await instructor.locator("[data-testid=class-name]").fill("Tuesday networking");
    await instructor.locator("[data-testid=class-create]").click();
    const joinLink = await instructor.locator("[data-testid=class-item] [data-testid=class-join-link]").first().getAttribute("href");
    expect(joinLink).toMatch(/\/join\/[A-Z2-9]{8}$/);

    // The learner opens the join link, is told what joining shares, and joins.
    await learner.goto(joinLink!);
    expect(await learner.locator("[data-testid=join-code]").inputValue()).toBe(joinLink!.split("/").at(-1));
    expect(await learner.locator("[data-testid=join-notice-before]").innerText()).toMatch(/watch your terminal live/);
    await learner.locator("[data-testid=join-name]").fill("Lin");
    await learner.locator("[data-testid=join-submit]").click();
    await learner.locator("[data-testid=joined]").waitFor();

    // The dashboard lists the learner, with no lab open yet.
    await instructor.locator("[data-testid=class-open]").first().click();
    const row = instructor.locator("[data-testid=dashboard-row]");
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator("th").innerText()).toContain("Lin");
    expect(await row.locator("[data-testid=watch-button]").isDisabled()).toBe(true);
    await expect.poll(() => instructor.locator("[data-testid=dashboard-live-status]").innerText()).toBe("Live");

    // The learner starts a lab; the dashboard shows it without a reload, and the instructor watches.
    await learner.goto(`${lab.server.url}/lessons/fixture-checks/`);
    await learner.locator("[data-testid=lab-start]").click();
    await expect
      .poll(() => learner.locator("[data-testid=lab-panel]").getAttribute("data-lab-state"), { timeout: 90_000 })
      .toBe("connected");
    await expect.poll(() => row.locator("[data-testid=watch-button]").isEnabled(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => row.locator(".now-cell").innerText(), { timeout: 30_000 }).toContain("Make a network");
    await row.locator("[data-testid=watch-button]").click();
    await expect.poll(() => instructor.locator("[data-testid=watch-status]").innerText(), { timeout: 30_000 }).toMatch(/^Live: Lin/);
    await expect.poll(() => learner.locator("[data-testid=lab-watched]").isVisible(), { timeout: 30_000 }).toBe(true);

    // What the learner types appears on the instructor's screen, and the finished exercise in the grid.
    await learner.locator("[data-testid=lab-terminal-host1] textarea").focus();
    // The learner spends longer than the stuck time on the exercise (the command itself takes it),
    // then runs another command while it still fails.
    await learner.keyboard.type("sleep 1.5; echo slept-$((1+1))\n");
    const watched = instructor.locator("[data-testid=watch-terminal] .xterm-rows");
    await expect.poll(() => watched.innerText(), { timeout: 30_000 }).toContain("slept-2");
    await learner.keyboard.type("echo hello-from-$((40+2))\n");
    await expect.poll(() => watched.innerText(), { timeout: 30_000 }).toContain("hello-from-42");
    // A command that leaves the exercise failing, after more than the stuck time on it: flagged, said, and in the tab's title.
    // Read in one go: the flag turns off again once the learner has not failed for the stuck time.
    const stuckView = () =>
      instructor.evaluate(() => {
        const tr = document.querySelector("[data-testid=dashboard-row]");
        return {
          stuck: tr?.getAttribute("data-stuck"),
          badge: tr?.querySelector("[data-testid=stuck-badge]")?.textContent,
          title: document.title,
        };
      });
    await expect
      .poll(stuckView, { timeout: 30_000 })
      .toEqual({ stuck: "true", badge: "Stuck", title: expect.stringMatching(/^\(1 stuck\) Tuesday networking/) });
    expect(await instructor.locator("[data-testid=dashboard-announce]").innerText()).toContain("Lin looks stuck.");
    const cell = row.locator("[data-testid=cell-fixture-checks]");
    expect(await cell.getAttribute("data-done")).toBe("0");
    await learner.keyboard.type("docker network create fixnet\n");
    await expect.poll(() => cell.getAttribute("data-done"), { timeout: 30_000 }).toBe("1");
    // On to the next exercise: no longer stuck.
    await expect.poll(() => row.getAttribute("data-stuck"), { timeout: 30_000 }).toBe("false");
    await expect.poll(() => row.locator(".now-cell").innerText(), { timeout: 30_000 }).toContain("Run a web server on it");
    expect(await watched.innerText()).toContain("docker network create fixnet");

    // Keys typed on the watching side go nowhere.
    await instructor.locator("[data-testid=watch-terminal]").click();
    await instructor.keyboard.type("echo typed-by-instructor\n");
    await learner.keyboard.type("echo still-$((1+1))\n");
    await expect.poll(() => watched.innerText(), { timeout: 30_000 }).toContain("still-2");
    expect(await watched.innerText()).not.toContain("typed-by-instructor");

    // Stopping watching tells the learner.
    await instructor.locator("[data-testid=watch-close]").click();
    await expect.poll(() => learner.locator("[data-testid=lab-watched]").isVisible(), { timeout: 30_000 }).toBe(false);

    // Removing the learner, once confirmed, takes their row off the live grid.
    instructor.once("dialog", (dialog) => void dialog.accept());
    await row.locator("[data-testid=remove-button]").click();
    await expect.poll(() => instructor.locator("[data-testid=dashboard-row]").count(), { timeout: 30_000 }).toBe(0);

    await learner.locator("[data-testid=lab-end]").click();
    await instructor.context().close();
    await learner.context().close();
  });
});
