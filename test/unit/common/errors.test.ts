import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../../common/errors.ts";

describe("error codes", () => {
  it("are all documented in docs/errors.md", () => {
    const doc = readFileSync(resolve(import.meta.dirname, "../../../docs/errors.md"), "utf8");
    for (const code of Object.keys(ERROR_CODES)) expect(doc, `${code} is missing from docs/errors.md`).toContain(`\`${code}\``);
  });

  it("have messages that say what to do", () => {
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(spec.message.length, code).toBeGreaterThan(20);
      expect(spec.status, code).toBeGreaterThanOrEqual(400);
    }
  });
});
