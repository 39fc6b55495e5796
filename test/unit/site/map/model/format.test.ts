// The map's wording of ports, endpoints, special modes, drivers and hosts, and which networks it shows.
import { describe, expect, it } from "vitest";
import {
  driverText,
  endpointLines,
  hostText,
  isShown,
  portText,
  spansHosts,
  specialText,
} from "../../../../../site/scripts/map/model/format.ts";
import { container, endpoint, host, network, port } from "./fixtures.ts";

describe("portText", () => {
  it("writes a published port the way docker ps does", () => {
    expect(portText(port(80, 8080, { hostIp: "127.0.0.1" }))).toBe("127.0.0.1:8080 → 80/tcp");
    expect(portText(port(53, 5353, { protocol: "udp" }))).toBe("0.0.0.0:5353 → 53/udp");
  });

  it("puts an IPv6 host address in brackets", () => {
    expect(portText(port(80, 8080, { hostIp: "::" }))).toBe("[::]:8080 → 80/tcp");
    expect(portText(port(443, 8443, { hostIp: "fd00::1" }))).toBe("[fd00::1]:8443 → 443/tcp");
  });
});

describe("endpointLines", () => {
  it("gives interface and IPv4, then IPv6, then the aliases", () => {
    const lines = endpointLines(endpoint("n", { interface: "eth0", ipv4: "10.0.0.2", ipv6: "fd00::2", aliases: ["db", "cache"] }));
    expect(lines).toEqual(["eth0 10.0.0.2", "fd00::2", "alias db, cache"]);
  });

  it("leaves out what is unknown or empty", () => {
    expect(endpointLines(endpoint("n", { ipv4: "10.0.0.2" }))).toEqual(["10.0.0.2"]);
    expect(endpointLines(endpoint("n", { interface: "eth1" }))).toEqual(["eth1"]);
    expect(endpointLines(endpoint("n", { interface: "", ipv6: "fd00::3" }))).toEqual(["fd00::3"]);
    expect(endpointLines(endpoint("n", { aliases: ["web"] }))).toEqual(["alias web"]);
    expect(endpointLines(endpoint("n"))).toEqual([]);
  });
});

describe("specialText and driverText", () => {
  it("names the special network modes with their flag", () => {
    expect(specialText("none")).toBe("no network (--network none)");
    expect(specialText("host")).toBe("host's network (--network host)");
  });

  it("adds internal to the driver of an internal network", () => {
    expect(driverText(network("appnet"))).toBe("bridge");
    expect(driverText(network("backend", { internal: true }))).toBe("bridge · internal");
    expect(driverText(network("fabric", { scope: "swarm" }))).toBe("overlay");
  });
});

describe("hostText", () => {
  it("joins name, address and swarm role, leaving out what is missing", () => {
    expect(hostText(host("host1", { address: "10.99.0.2" }))).toBe("host1 · 10.99.0.2");
    expect(hostText(host("host2", { address: "10.99.0.3", swarm: "manager" }))).toBe("host2 · 10.99.0.3 · swarm manager");
    expect(hostText(host("host3", { address: "", swarm: "worker" }))).toBe("host3 · swarm worker");
  });
});

describe("spansHosts", () => {
  it("is true for any scope but local", () => {
    expect(spansHosts(network("appnet"))).toBe(false);
    expect(spansHosts(network("fabric", { scope: "swarm" }))).toBe(true);
    expect(spansHosts(network("wide", { scope: "global" }))).toBe(true);
  });
});

describe("isShown", () => {
  const bridge = network("bridge", { builtin: true });
  const appnet = network("appnet");

  it("always shows user-defined networks", () => {
    expect(isShown(appnet, [])).toBe(true);
  });

  it("shows Docker's own networks only while a container is on them", () => {
    expect(isShown(bridge, [])).toBe(false);
    expect(isShown(bridge, [container("web", { endpoints: [endpoint(appnet.id)] })])).toBe(false);
    expect(isShown(bridge, [container("web"), container("db", { endpoints: [endpoint(appnet.id), endpoint(bridge.id)] })])).toBe(true);
  });
});
