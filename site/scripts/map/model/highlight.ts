import type { ExerciseResult } from "../../../../common/schemas/checks.ts";
import { edgeKey, hostKey, type Scene, type SceneContainer, type SceneNetwork } from "./scene.ts";

/** The kinds of subject a check result (or a lesson's `<MapHint>`) can point at. */
export const SUBJECT_KINDS = ["network", "container", "edge", "reach", "dns", "port", "swarm", "service", "compose"] as const;
/** A kind of subject. */
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** A subject split into its kind and names, e.g. `edge:web:appnet` → `edge`, [`web`, `appnet`]. */
export interface Subject {
  readonly kind: SubjectKind;
  readonly names: readonly string[];
}

const ARITY: Readonly<Record<SubjectKind, number>> = {
  network: 1,
  container: 1,
  edge: 2,
  reach: 2,
  dns: 2,
  port: 2,
  swarm: 1,
  service: 1,
  compose: 1,
};

/** Reads a subject string; undefined for anything the map cannot show (e.g. `command`). */
export function parseSubject(subject: string): Subject | undefined {
  const [kind, ...names] = subject.split(":");
  if (!(SUBJECT_KINDS as readonly string[]).includes(kind ?? "")) return undefined;
  const known = kind as SubjectKind;
  if (names.length !== ARITY[known] || names.some((name) => name === "")) return undefined;
  return { kind: known, names };
}

/** A connection a check asks for that does not exist yet, drawn dashed. */
export interface MissingEdge {
  readonly key: string;
  /** Container key. */
  readonly source: string;
  /** Network key. */
  readonly target: string;
  readonly container: string;
  readonly network: string;
}

/** What to mark on the map: keys of nodes, host groups, edges and badges (`<container key>|port:80`), and missing edges. */
export interface Highlights {
  readonly keys: ReadonlySet<string>;
  readonly missing: readonly MissingEdge[];
}

/** Nothing marked. */
export const NO_HIGHLIGHTS: Highlights = { keys: new Set(), missing: [] };

/** The subjects of the failing checks of failing exercises (what the checklist shows as "why not yet"). */
export function failingSubjects(results: readonly ExerciseResult[]): string[] {
  const subjects = results
    .filter((result) => result.status === "failed")
    .flatMap((result) => result.checks.filter((check) => !check.ok).map((check) => check.subject));
  return [...new Set(subjects.filter((subject): subject is string => subject !== undefined))];
}

/** Finds what each subject refers to in `scene`. Subjects naming nothing drawn are skipped. */
export function resolveSubjects(subjects: readonly string[], scene: Scene): Highlights {
  const keys = new Set<string>();
  const missing = new Map<string, MissingEdge>();
  const edges = new Set(scene.edges.map((edge) => edge.key));
  const containers = (name: string) => scene.containers.filter((c) => c.name === name);
  const networks = (name: string) => scene.networks.filter((n) => n.name === name);
  const mark = (items: readonly { key: string }[]) => {
    for (const item of items) keys.add(item.key);
  };
  for (const raw of subjects) {
    const subject = parseSubject(raw);
    if (!subject) continue;
    const [first = "", second = ""] = subject.names;
    switch (subject.kind) {
      case "network":
        mark(networks(first));
        break;
      case "container":
        mark(containers(first));
        break;
      case "edge":
        for (const container of containers(first)) {
          for (const network of networks(second).filter((n) => n.host === undefined || n.host === container.host)) {
            const key = edgeKey(container.key, network.key);
            mark([container, network]);
            if (edges.has(key)) keys.add(key);
            else missing.set(key, { key, source: container.key, target: network.key, container: first, network: second });
          }
        }
        break;
      case "reach":
      case "dns":
        mark(containers(first));
        mark(scene.containers.filter((c) => c.name === second || c.aliases.includes(second)));
        break;
      case "port":
        for (const container of containers(first)) {
          keys.add(container.key);
          keys.add(`${container.key}|port:${second}`);
        }
        break;
      case "swarm":
        if (scene.hosts.some((host) => host.name === first)) keys.add(hostKey(first));
        break;
      case "service":
        mark(scene.containers.filter((c) => c.name.startsWith(`${first}.`)));
        break;
      case "compose":
        mark(composeParts(scene, first));
        break;
    }
  }
  return { keys, missing: [...missing.values()] };
}

function composeParts(scene: Scene, project: string): (SceneContainer | SceneNetwork)[] {
  const ours = (name: string) => name.startsWith(`${project}-`) || name.startsWith(`${project}_`);
  return [...scene.containers.filter((c) => ours(c.name)), ...scene.networks.filter((n) => ours(n.name))];
}

/** A subject in words, e.g. `container three` or `three's connection to appnet`. */
export function subjectText(subject: string): string {
  const parsed = parseSubject(subject);
  if (!parsed) return subject;
  const [first = "", second = ""] = parsed.names;
  switch (parsed.kind) {
    case "edge":
      return `${first}'s connection to ${second}`;
    case "reach":
      return `${first} and ${second}`;
    case "dns":
      return `${first} looking up ${second}`;
    case "port":
      return `port ${second} of ${first}`;
    case "swarm":
      return `host ${first}`;
    case "compose":
      return `compose project ${first}`;
    default:
      return `${parsed.kind} ${first}`;
  }
}
