import { createXtermView } from "../terminal/xterm-view.ts";
import { httpLabApi } from "./api.ts";
import { LabPanel } from "./lab-panel.ts";
import { PanelDom } from "./panel-dom.ts";
import { browserSessionStore } from "./session-store.ts";

/**
 * Brings every lab panel on the page to life. A panel is an element with `data-lab-panel`,
 * `data-lesson` (the lesson slug) and `data-hosts` (JSON list of host names).
 */
export function mountLabPanels(root: ParentNode = document): LabPanel[] {
  const panels: LabPanel[] = [];
  for (const element of root.querySelectorAll<HTMLElement>("[data-lab-panel]")) {
    const lesson = element.getAttribute("data-lesson");
    if (!lesson) continue;
    panels.push(
      new LabPanel({
        lesson,
        hosts: parseHosts(element.getAttribute("data-hosts")),
        dom: new PanelDom(element),
        api: httpLabApi,
        storage: browserSessionStore(),
        createView: createXtermView,
        location: window.location,
      }),
    );
  }
  return panels;
}

function parseHosts(raw: string | null): string[] {
  try {
    const value: unknown = JSON.parse(raw ?? "[]");
    if (Array.isArray(value) && value.every((host) => typeof host === "string") && value.length > 0) return value;
  } catch {
    // Fall through to the default host.
  }
  return ["host1"];
}
