import { describe, expect, it } from "vitest";
import { parseLinks } from "../../../../lab-server/map/links.ts";

describe("parseLinks", () => {
  it("maps MAC addresses to interface names per container", () => {
    const text = [
      "== abc123",
      "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
      "12: eth0@if13: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default \\    link/ether 02:42:ac:12:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0",
      "14: eth1@if15: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP \\    link/ether 02:42:ac:13:00:03 brd ff:ff:ff:ff:ff:ff",
      "== def456",
    ].join("\n");
    const table = parseLinks(text);
    expect(table.get("abc123")?.get("02:42:ac:12:00:02")).toBe("eth0");
    expect(table.get("abc123")?.get("02:42:ac:13:00:03")).toBe("eth1");
    expect(table.get("abc123")?.size).toBe(2);
    expect(table.get("def456")?.size).toBe(0);
  });
});
