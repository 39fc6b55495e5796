import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shellQuote } from "../../../../lab-server/util/shell.ts";

describe("shellQuote", () => {
  it("quotes any argument for sh", () => {
    for (const arg of ["plain", "it's", "a b", "$(id)", "`id`", "\\n", "", "''"]) {
      expect(execFileSync("sh", ["-c", `printf %s ${shellQuote(arg)}`], { encoding: "utf8" })).toBe(arg);
    }
  });
});
