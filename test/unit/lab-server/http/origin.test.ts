import { describe, expect, it } from "vitest";
import { originAllowed } from "../../../../lab-server/http/origin.ts";

describe("originAllowed", () => {
  it("accepts the server's own origin when no list is configured", () => {
    expect(originAllowed("http://localhost:8080", "localhost:8080", [])).toBe(true);
    expect(originAllowed("http://localhost:9999", "localhost:8080", [])).toBe(false);
    expect(originAllowed("http://evil.example", "localhost:8080", [])).toBe(false);
  });

  it("refuses a missing or malformed Origin", () => {
    expect(originAllowed(undefined, "localhost:8080", [])).toBe(false);
    expect(originAllowed("not a url", "localhost:8080", [])).toBe(false);
  });

  it("uses the configured list when there is one", () => {
    const list = ["https://labs.example.org"];
    expect(originAllowed("https://labs.example.org", "10.0.0.5:8080", list)).toBe(true);
    expect(originAllowed("http://10.0.0.5:8080", "10.0.0.5:8080", list)).toBe(false);
  });
});
