import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { batchScript, parseBatch } from "../../../../lab-server/checks/probe-batch.ts";

describe("probe batches", () => {
  it("runs commands in parallel and reports each one's status and output apart", () => {
    const commands = [
      ["sh", "-c", "printf 'one\\ntwo'; exit 3"],
      ["sh", "-c", "echo oops >&2"],
      ["printf", "%s", "it's $(not run)"],
      ["sleep", "5"],
    ];
    const stdout = execFileSync("sh", ["-c", batchScript(commands, 1)], { encoding: "utf8" });
    const results = parseBatch(stdout, commands.length);
    expect(results[0]).toEqual({ exitCode: 3, stdout: "one\ntwo", stderr: "", timedOut: false });
    expect(results[1]).toEqual({ exitCode: 0, stdout: "", stderr: "oops\n", timedOut: false });
    expect(results[2]?.stdout).toBe("it's $(not run)");
    expect(results[3]).toMatchObject({ exitCode: 124, timedOut: true });
  });

  it("counts a command missing from the report as timed out", () => {
    const ok = Buffer.from("ok").toString("base64");
    expect(parseBatch(`0 - \n2 0 0 0 \n${ok}`, 2)).toEqual([
      { exitCode: 0, stdout: "ok", stderr: "", timedOut: false },
      { exitCode: null, stdout: "", stderr: "", timedOut: true },
    ]);
  });

  it("says nothing of any command when the sizes do not account for the outputs", () => {
    const cut = Buffer.from("okay").toString("base64");
    expect(parseBatch(`0 0 \n2 0 5 0 \n${cut}`, 2).every((r) => r.timedOut && r.exitCode === null)).toBe(true);
    expect(parseBatch("0 0 \n", 2).every((r) => r.timedOut)).toBe(true);
  });

  it("cuts each output at its bound, keeps bytes intact, and does not wrap a command that bounds itself", () => {
    const commands = [
      ["sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x"],
      ["timeout", "1", "sh", "-c", "printf 'é\\000z'"],
    ];
    const script = batchScript(commands, 2);
    // Only the first is wrapped: the second bounds itself.
    expect(script.match(/timeout 2 /g)).toHaveLength(1);
    const results = parseBatch(execFileSync("sh", ["-c", script], { encoding: "utf8" }), commands.length);
    expect(results[0]?.stdout).toBe("x".repeat(64 * 1024));
    expect(results[1]).toEqual({ exitCode: 0, stdout: "é\0z", stderr: "", timedOut: false });
  });
});
