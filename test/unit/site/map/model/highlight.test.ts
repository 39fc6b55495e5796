// Check subjects: parsing them, picking the failing ones, finding what they point at in a scene
// (nodes, edges, badges, host groups, missing edges), and saying them in words.
import { describe, expect, it } from "vitest";
import type { ExerciseResult } from "../../../../../common/schemas/checks.ts";
import {
  failingSubjects,
  NO_HIGHLIGHTS,
  parseSubject,
  resolveSubjects,
  SUBJECT_KINDS,
  subjectText,
} from "../../../../../site/scripts/map/model/highlight.ts";
import type { Scene } from "../../../../../site/scripts/map/model/scene.ts";
import { sceneContainer, sceneEdge, sceneHost, sceneNetwork } from "./fixtures.ts";

describe("parseSubject", () => {
  it("splits a subject into its kind and as many names as the kind takes", () => {
    expect(parseSubject("network:appnet")).toEqual({ kind: "network", names: ["appnet"] });
    expect(parseSubject("edge:web:appnet")).toEqual({ kind: "edge", names: ["web", "appnet"] });
    expect(parseSubject("port:web:80")).toEqual({ kind: "port", names: ["web", "80"] });
    for (const kind of SUBJECT_KINDS) {
      const names = ["edge", "reach", "dns", "port"].includes(kind) ? "a:b" : "a";
      expect(parseSubject(`${kind}:${names}`)?.kind).toBe(kind);
    }
  });

  it("refuses unknown kinds, the wrong number of names and empty names", () => {
    expect(parseSubject("command:ip-route")).toBeUndefined();
    expect(parseSubject("")).toBeUndefined();
    expect(parseSubject("network")).toBeUndefined();
    expect(parseSubject("network:")).toBeUndefined();
    expect(parseSubject("container:web:extra")).toBeUndefined();
    expect(parseSubject("edge:web")).toBeUndefined();
    expect(parseSubject("edge::appnet")).toBeUndefined();
  });
});

describe("failingSubjects", () => {
  it("collects the subjects of failing checks of failed exercises, once each, in order", () => {
    const results: ExerciseResult[] = [
      { id: "one", status: "passed", checks: [{ ok: true, message: "ok", subject: "network:a" }] },
      {
        id: "two",
        status: "failed",
        checks: [
          { ok: true, message: "ok", subject: "network:b" },
          { ok: false, message: "no", subject: "container:web" },
          { ok: false, message: "no" },
          { ok: false, message: "no", subject: "edge:web:b" },
        ],
      },
      { id: "three", status: "blocked", checks: [{ ok: false, message: "no", subject: "network:c" }] },
      { id: "four", status: "failed", checks: [{ ok: false, message: "again", subject: "container:web" }] },
    ];
    expect(failingSubjects(results)).toEqual(["container:web", "edge:web:b"]);
    expect(failingSubjects([])).toEqual([]);
  });
});

describe("resolveSubjects", () => {
  const h1 = sceneHost("host1");
  const h2 = sceneHost("host2");
  const web1 = sceneContainer("web", "host1", ["www"]);
  const web2 = sceneContainer("web", "host2");
  const db = sceneContainer("db", "host1");
  const task1 = sceneContainer("api.1.x7f", "host1");
  const task2 = sceneContainer("api.2.k3a", "host2");
  const apiserver = sceneContainer("apiserver", "host1");
  const shopWeb = sceneContainer("shop-web-1", "host1");
  const shopping = sceneContainer("shopping", "host1");
  const appnet1 = sceneNetwork("appnet", "host1");
  const appnet2 = sceneNetwork("appnet", "host2");
  const fabric = sceneNetwork("fabric", undefined, ["host1", "host2"]);
  const shopNet = sceneNetwork("shop_default", "host1");
  const wired = sceneEdge(web1, appnet1);
  const scene: Scene = {
    grouped: true,
    hosts: [h1, h2],
    networks: [appnet1, appnet2, fabric, shopNet],
    containers: [web1, web2, db, task1, task2, apiserver, shopWeb, shopping],
    edges: [wired, sceneEdge(web2, fabric)],
  };
  const keys = (subjects: string[]) => [...resolveSubjects(subjects, scene).keys].sort();

  it("marks every node of that name, on any host", () => {
    expect(keys(["network:appnet"])).toEqual([appnet1.key, appnet2.key].sort());
    expect(keys(["container:web"])).toEqual([web1.key, web2.key].sort());
    expect(keys(["container:db", "network:fabric"])).toEqual([db.key, fabric.key].sort());
  });

  it("marks an edge that exists, and asks for one that does not, only between nodes of one host", () => {
    const found = resolveSubjects(["edge:web:appnet"], scene);
    expect([...found.keys].sort()).toEqual([web1.key, appnet1.key, wired.key, web2.key, appnet2.key].sort());
    expect(found.missing).toEqual([
      { key: `e:${web2.key}>${appnet2.key}`, source: web2.key, target: appnet2.key, container: "web", network: "appnet" },
    ]);
  });

  it("joins containers on every host to a network spanning hosts", () => {
    const found = resolveSubjects(["edge:web:fabric"], scene);
    expect(found.missing).toEqual([
      { key: `e:${web1.key}>${fabric.key}`, source: web1.key, target: fabric.key, container: "web", network: "fabric" },
    ]);
    expect(found.keys.has(`e:${web2.key}>${fabric.key}`)).toBe(true);
  });

  it("marks both ends of reach and dns subjects, finding the second by name or alias", () => {
    expect(keys(["reach:db:www"])).toEqual([db.key, web1.key].sort());
    expect(keys(["dns:db:web"])).toEqual([db.key, web1.key, web2.key].sort());
    expect(keys(["reach:db:nobody"])).toEqual([db.key]);
  });

  it("marks a port's badge with its container", () => {
    expect(keys(["port:db:5432"])).toEqual([db.key, `${db.key}|port:5432`].sort());
  });

  it("marks a swarm host's group only when it is drawn", () => {
    expect(keys(["swarm:host2"])).toEqual([h2.key]);
    expect(keys(["swarm:host7"])).toEqual([]);
  });

  it("marks a service's tasks and a compose project's containers and networks, not look-alikes", () => {
    expect(keys(["service:api"])).toEqual([task1.key, task2.key].sort());
    expect(keys(["compose:shop"])).toEqual([shopWeb.key, shopNet.key].sort());
  });

  it("skips subjects it cannot read or that name nothing drawn", () => {
    expect(resolveSubjects(["command:x", "edge:web", "network:gone", "container:ghost"], scene)).toEqual({ keys: new Set(), missing: [] });
    expect(resolveSubjects([], scene)).toEqual(NO_HIGHLIGHTS);
  });
});

describe("subjectText", () => {
  it("says each kind of subject in words", () => {
    expect(subjectText("network:appnet")).toBe("network appnet");
    expect(subjectText("container:three")).toBe("container three");
    expect(subjectText("edge:three:appnet")).toBe("three's connection to appnet");
    expect(subjectText("reach:a:b")).toBe("a and b");
    expect(subjectText("dns:a:b")).toBe("a looking up b");
    expect(subjectText("port:web:80")).toBe("port 80 of web");
    expect(subjectText("swarm:host1")).toBe("host host1");
    expect(subjectText("service:api")).toBe("service api");
    expect(subjectText("compose:shop")).toBe("compose project shop");
  });

  it("gives back a subject it cannot read as it is", () => {
    expect(subjectText("command:ip-route")).toBe("command:ip-route");
    expect(subjectText("edge:web")).toBe("edge:web");
  });
});
