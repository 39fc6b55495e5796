import { describe, expect, it } from "vitest";
import { sameCidr } from "../../../lab-server/checks/kinds/network.ts";
import { isAddress, nslookupAddresses } from "../../../lab-server/checks/kinds/reach.ts";

describe("check helpers", () => {
  it("compares IPv6 subnets by value, not spelling", () => {
    expect(sameCidr("fd00:cafe:0::/64", "FD00:CAFE::/64")).toBe(true);
    expect(sameCidr("fd00:cafe::/64", "fd00:cafe::/48")).toBe(false);
    expect(sameCidr("10.1.0.0/24", "10.1.0.0/24")).toBe(true);
    expect(sameCidr(undefined, "10.1.0.0/24")).toBe(false);
  });

  it("tells addresses from container names", () => {
    expect(isAddress("10.0.0.5")).toBe(true);
    expect(isAddress("fd00:cafe::80")).toBe(true);
    expect(isAddress("web1")).toBe(false);
    expect(isAddress("cafe")).toBe(false);
    expect(isAddress("db.example")).toBe(false);
  });

  it("reads the addresses of busybox's and bind's nslookup answers, not the server's", () => {
    const bind = "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11#53\n\nNon-authoritative answer:\nName:\tsrv\nAddress: 172.18.0.2\n";
    expect(nslookupAddresses(bind)).toEqual(["172.18.0.2"]);
    const busybox = "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nName:\tpool\nAddress: 10.0.0.2\nName:\tpool\nAddress: 10.0.0.3\n";
    expect(nslookupAddresses(busybox)).toEqual(["10.0.0.2", "10.0.0.3"]);
    expect(nslookupAddresses("*** Can't find fake: No answer\n")).toEqual([]);
  });
});
