import { describe, expect, it } from "vitest";
import { ENGINE_DATA_PATH, sandboxDisk } from "../../../../lab-server/sandbox/disk.ts";

const MiB = 1024 * 1024;

function sizes(diskBytes: number): Record<string, number> {
  const { tmpfs } = sandboxDisk(diskBytes);
  return Object.fromEntries(Object.entries(tmpfs).map(([path, options]) => [path, Number(/size=(\d+)/.exec(options)?.[1])]));
}

describe("sandboxDisk", () => {
  it("splits the budget exactly, in whole pages, with most of it for the nested engine", () => {
    for (const mb of [64, 256, 1000, 1024, 4096]) {
      const bytes = mb * MiB;
      const parts = sizes(bytes);
      const total = Object.values(parts).reduce((a, b) => a + b, 0);
      expect(total).toBeLessThanOrEqual(bytes);
      expect(bytes - total).toBeLessThan(4096 * 6);
      for (const size of Object.values(parts)) expect(size % 4096).toBe(0);
      expect(parts[ENGINE_DATA_PATH]).toBeGreaterThan(bytes * 0.8);
    }
  });

  it("makes the root filesystem read-only and every path a learner or the engine writes a tmpfs", () => {
    const disk = sandboxDisk(1024 * MiB);
    expect(disk.readonlyRootfs).toBe(true);
    expect(Object.keys(disk.tmpfs).sort()).toEqual(["/root", "/run", "/tmp", "/var/lib/docker", "/var/log", "/var/tmp"]);
    expect(disk.tmpfs["/tmp"]).toContain("mode=1777");
    expect(disk.tmpfs["/root"]).toContain("exec");
    expect(disk.tmpfs["/run"]).not.toContain("exec");
  });
});
