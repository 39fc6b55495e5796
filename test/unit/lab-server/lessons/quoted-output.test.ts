import { describe, expect, it } from "vitest";
import { firstMismatch, normalizeLine, quotedRuns } from "../../../../lab-server/lessons/quoted-output.ts";

const LESSON = [
  "---",
  "title: x",
  "---",
  "Some prose.",
  "",
  "```sh verify",
  "docker run -d --name site \\",
  "  -p 8080:80 web",
  "# a comment is not run",
  "docker port site",
  "```",
  "",
  "```text",
  "80/tcp -> 0.0.0.0:8080",
  "```",
  "",
  "```sh",
  "docker ps",
  "```",
  "",
  "```text",
  "not checked",
  "```",
  "",
  "```sh verify host=host2 fails",
  "docker network create --internal bad/name",
  "```",
  "",
  "A sentence in between.",
  "",
  "```text",
  "not the quote of the block above",
  "```",
].join("\n");

describe("quotedRuns", () => {
  it("finds only verify blocks, joins continued lines, skips comments, and pairs the adjacent text block", () => {
    const runs = quotedRuns(LESSON);
    expect(runs).toEqual([
      {
        line: 6,
        host: undefined,
        commands: ["docker run -d --name site -p 8080:80 web", "docker port site"],
        fails: false,
        expected: ["80/tcp -> 0.0.0.0:8080"],
      },
      { line: 25, host: "host2", commands: ["docker network create --internal bad/name"], fails: true, expected: undefined },
    ]);
  });
});

describe("normalizeLine", () => {
  it("replaces what varies between runs and keeps what a lesson teaches", () => {
    expect(normalizeLine("d5a89d62eb74   web   Up 3 seconds   0.0.0.0:8080->80/tcp   site")).toBe(
      "<id> web Up <time> 0.0.0.0:8080->80/tcp site",
    );
    expect(normalizeLine("276: eth0@if277: <BROADCAST> mtu 1500")).toBe("<n>: eth0@if<n>: <BROADCAST> mtu 1500");
    expect(normalizeLine("    inet 10.213.4.10/24 brd 10.213.4.255 scope global eth0")).toBe(
      "inet 10.213.<n>.10/24 brd 10.213.<n>.255 scope global eth0",
    );
    expect(normalizeLine("link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff")).toBe("link/ether <mac> brd <mac>");
    expect(normalizeLine("inet 172.18.0.2/16")).toBe("inet 172.18.0.2/16");
  });
});

describe("firstMismatch", () => {
  const actual = [
    "Chain DOCKER (2 references)",
    "target prot opt source destination",
    "ACCEPT  tcp -- 0.0.0.0/0 172.17.0.2 tcp dpt:80",
    "",
  ];
  it("accepts quoted lines found in order, with lines left out", () => {
    expect(firstMismatch(["Chain DOCKER (2 references)", "...", "ACCEPT tcp -- 0.0.0.0/0 172.17.0.2 tcp dpt:80"], actual)).toBeUndefined();
  });
  it("names the first quoted line the engine did not print", () => {
    expect(firstMismatch(["Chain DOCKER (2 references)", "ACCEPT tcp -- 0.0.0.0/0 172.17.0.3 tcp dpt:80"], actual)).toBe(
      "ACCEPT tcp -- 0.0.0.0/0 172.17.0.3 tcp dpt:80",
    );
  });
  it("refuses lines out of order", () => {
    expect(firstMismatch(["ACCEPT tcp -- 0.0.0.0/0 172.17.0.2 tcp dpt:80", "Chain DOCKER (2 references)"], actual)).toBe(
      "Chain DOCKER (2 references)",
    );
  });
});
