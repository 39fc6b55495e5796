import type { LabState } from "../lab/status.ts";
import type { MapEmptyReason } from "./map-dom.ts";
import { resolveSubjects, subjectText } from "./model/highlight.ts";
import type { Scene } from "./model/scene.ts";

/** What the map says when it has little or nothing to draw; undefined when it has containers to show. */
export function emptyState(lab: LabState, scene: Scene | undefined): { reason: MapEmptyReason; text: string } | undefined {
  if (!scene) {
    if (lab === "idle" || lab === "ended") return { reason: "idle", text: "Start the lab to see your network." };
    if (lab === "starting" || lab === "connecting" || lab === "provisioning")
      return { reason: "starting", text: "Your sandbox is starting. Its network appears here as soon as it is up." };
    return { reason: "loading", text: "Reading your sandbox's network…" };
  }
  if (scene.containers.length > 0) return undefined;
  if (scene.networks.length === 0)
    return { reason: "empty", text: "Nothing here yet. Networks you create and containers you run appear here as you go." };
  return { reason: "no-containers", text: "No containers yet. Run one and it appears here, joined to its networks." };
}

/** The note over the map: why it is a list, or what the red marks mean. */
export function mapNote(failed: boolean, marked: boolean): { text: string; tone: "problem" | "info" } | undefined {
  if (failed) return { text: "The map could not be drawn just now, so here it is as a list.", tone: "info" };
  if (marked) return { text: "Red: what the open exercises still need", tone: "problem" };
  return undefined;
}

/** What a screen reader hears when a `<MapHint>` is clicked. */
export function hintAnnouncement(target: string, scene: Scene | undefined): string {
  if (!scene) return "The network map shows your sandbox once the lab is running.";
  const found = resolveSubjects([target], scene);
  const words = subjectText(target);
  return found.keys.size + found.missing.length > 0 ? `Network map: showing ${words}.` : `Network map: ${words} is not there yet.`;
}
