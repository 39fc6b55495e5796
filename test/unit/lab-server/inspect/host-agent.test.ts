import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { encodeScript } from "../../../../lab-server/inspect/host-agent.ts";

/** What the helper runs for a request line's script: printf's %b undoes the encoding. */
const decoded = (line: string) => execFileSync("sh", ["-c", `printf '%b' "$1"`, "sh", line], { encoding: "utf8" });

describe("helper request scripts", () => {
  it("fit on one line and come back byte for byte", () => {
    const script = "printf 'a\\\\nb\\n'\n echo \"\\c and \\0101\"\ttab\n";
    const line = encodeScript(["sh", "-c", script]);
    expect(line).not.toContain("\n");
    expect(decoded(line)).toBe(script);
  });

  it("send `sh -c X` as X and quote any other command", () => {
    expect(encodeScript(["sh", "-c", "echo hi"])).toBe("echo hi");
    const line = encodeScript(["printf", "%s", "it's $(id)\n"]);
    expect(execFileSync("sh", ["-c", decoded(line)], { encoding: "utf8" })).toBe("it's $(id)\n");
  });
});
