import { describe, expect, it } from "vitest";
import { SubnetAllocator } from "../../../../lab-server/sandbox/subnets.ts";

describe("SubnetAllocator", () => {
  it("hands out distinct /24s inside the pool, with gateway .1 and hosts from .10", () => {
    const alloc = new SubnetAllocator("10.213.0.0/16");
    const a = alloc.allocate([]);
    const b = alloc.allocate([]);
    expect(a?.subnet).toMatch(/^10\.213\.\d+\.0\/24$/);
    expect(a?.subnet).not.toBe(b?.subnet);
    expect(a?.gateway).toBe(a?.subnet.replace(".0/24", ".1"));
    expect(a?.hostAddress(1)).toBe(a?.subnet.replace(".0/24", ".11"));
  });

  it("skips subnets the engine already uses and reuses released ones", () => {
    const alloc = new SubnetAllocator("10.9.0.0/16");
    const used = Array.from({ length: 253 }, (_, i) => `10.9.${i + 1}.0/24`);
    expect(alloc.allocate(used)?.subnet).toBe("10.9.254.0/24");
    expect(alloc.allocate(used)).toBeUndefined();
    alloc.release("10.9.254.0/24");
    expect(alloc.allocate(used)?.subnet).toBe("10.9.254.0/24");
  });

  it("ignores subnets outside its pool and rejects pools that could clash with nested engines", () => {
    const alloc = new SubnetAllocator("10.5.0.0/16");
    expect(alloc.allocate(["172.17.0.0/16", "192.168.0.0/20"])).toBeDefined();
    expect(() => new SubnetAllocator("172.18.0.0/16")).toThrow(/10\.X\.0\.0\/16/);
  });
});
