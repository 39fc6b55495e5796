/**
 * The configuration schema: every setting the server reads from the environment, with its
 * default, and a clear error naming the variable when one is bad.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../lab-server/config.ts";

describe("loadConfig", () => {
  it("gives defaults: info logging, apt's mirror, isolated sandboxes", () => {
    const config = loadConfig({});
    expect(config.logLevel).toBe("info");
    expect(config.debianMirror).toBeUndefined();
    expect(config.sandbox.allowUnisolated).toBe(false);
  });

  it("reads the log level, the image mirror and the unisolated opt-in", () => {
    const config = loadConfig({
      SWITCHYARD_LOG: "debug",
      SWITCHYARD_DEBIAN_MIRROR: "http://mirror.example/debian",
      SWITCHYARD_UNISOLATED_SANDBOXES: "1",
    });
    expect(config.logLevel).toBe("debug");
    expect(config.debianMirror).toBe("http://mirror.example/debian");
    expect(config.sandbox.allowUnisolated).toBe(true);
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ SWITCHYARD_LOG: "loud" })).toThrow(/SWITCHYARD_LOG/);
    expect(() => loadConfig({ SWITCHYARD_DEBIAN_MIRROR: "not a url" })).toThrow(/SWITCHYARD_DEBIAN_MIRROR/);
    // Only "1" opts in: anything else is refused rather than read as yes or no.
    expect(() => loadConfig({ SWITCHYARD_UNISOLATED_SANDBOXES: "yes" })).toThrow(/SWITCHYARD_UNISOLATED_SANDBOXES/);
  });
});
