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
    expect(parseBatch("0 0 b2s= \n", 2)).toEqual([
      { exitCode: 0, stdout: "ok", stderr: "", timedOut: false },
      { exitCode: null, stdout: "", stderr: "", timedOut: true },
    ]);
  });
});
