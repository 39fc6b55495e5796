/**
 * The images learners run inside their sandbox: their tools work as lessons use them.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSandbox, type TestSandbox } from "../../helpers/sandbox.ts";

let box: TestSandbox;
beforeAll(async () => {
  box = await startSandbox();
});
afterAll(async () => {
  await box?.destroy();
});

it("has a wget whose timeout works: a page with -T, and an error, not a crash, where nothing answers", async () => {
  await box.sh("docker network create tools-net >/dev/null && docker run -d --name page --network tools-net web >/dev/null");
  const page = await box.sh(
    "for i in $(seq 50); do docker run --rm --network tools-net tools wget -T 2 -q -O- http://page/hello.txt && exit 0; sleep 0.2; done; exit 1",
  );
  expect(page).toContain("hello from");
  // Port 1 of the page's container: nothing listens, so the connection is refused.
  const refused = await box.engine.execCapture(
    box.sandbox.hosts[0]!.containerId,
    ["sh", "-c", "docker run --rm --network tools-net tools wget -T 2 -q -O- http://page:1/; echo exit=$?"],
    { timeoutMs: 60_000 },
  );
  expect(refused.stdout).toContain("exit=1");
  expect(refused.stdout + refused.stderr).not.toMatch(/segmentation|exit=139/i);
});
