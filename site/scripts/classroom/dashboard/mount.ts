import { type ClassDashboard, classDashboard, DASHBOARD_EVENT, type DashboardMember } from "../../../../common/schemas/dashboard.ts";
import { LabApiError } from "../../lab/api.ts";
import { createXtermView } from "../../terminal/xterm-view.ts";
import { classroomApi } from "../api.ts";
import { part, showError } from "../form-parts.ts";
import { joinLinkRow } from "../instructor-home.ts";
import { readCourse } from "./course.ts";
import { DashboardGrid } from "./grid.ts";
import { WatchPanel } from "./watch-panel.ts";

/** How often times on the page are redrawn between snapshots. */
const TICK_MS = 15_000;

/** Wires a class dashboard page: the live stream, the grid, and the watch panel. */
export function mountDashboard(root: HTMLElement, loc: Location): void {
  const classId = new URLSearchParams(loc.search).get("id") ?? "";
  const error = part(root, "error", HTMLElement);
  const liveStatus = part(root, "live-status", HTMLElement);
  const course = readCourse(part(root, "course", HTMLScriptElement));
  let latest: ClassDashboard | undefined;

  if (!classId) {
    showError(error, "No class chosen. Open a class from your classes.");
    liveStatus.textContent = "";
    return;
  }
  part(root, "csv", HTMLAnchorElement).href = `/api/classes/${encodeURIComponent(classId)}/progress.csv`;

  const memberNow = (memberId: string): DashboardMember | undefined => latest?.members.find((m) => m.memberId === memberId);
  const watch = new WatchPanel({ root: part(root, "watch", HTMLElement), classId, location: loc, createView: createXtermView, memberNow });
  const remove = (member: DashboardMember) => {
    const name = member.displayName ?? "this learner";
    const question = `Remove ${name} from ${latest?.class.name ?? "this class"}? Their progress is kept, and they can join again with the class code.`;
    if (!window.confirm(question)) return;
    // The live stream brings the class without them; nothing to redraw here.
    classroomApi.removeMember(classId, member.memberId).then(
      () => showError(error, undefined),
      (e: unknown) => showError(error, explain(e)),
    );
  };
  const grid = new DashboardGrid({
    body: part(root, "rows", HTMLTableSectionElement),
    course,
    onWatch: (member) => watch.open(member),
    onRemove: remove,
  });
  setInterval(() => grid.tick(), TICK_MS);

  let named = false;
  const announcer = part(root, "announce", HTMLElement);
  const render = (dashboard: ClassDashboard) => {
    const stuckBefore = new Set((latest?.members ?? []).filter((m) => m.live?.stuck).map((m) => m.memberId));
    const newlyStuck = dashboard.members.filter((m) => m.live?.stuck && !stuckBefore.has(m.memberId));
    // The first snapshot is the page itself; later ones are news worth saying.
    if (latest && newlyStuck.length > 0) {
      announcer.textContent = newlyStuck.map((m) => `${m.displayName ?? "A learner"} looks stuck.`).join(" ");
    }
    latest = dashboard;
    const stuck = dashboard.members.filter((m) => m.live?.stuck).length;
    // A tab in the background still shows who needs help.
    document.title = `${stuck > 0 ? `(${stuck} stuck) ` : ""}${dashboard.class.name} · Switchyard`;
    if (!named) {
      named = true;
      part(root, "class-name", HTMLElement).textContent = dashboard.class.name;
      part(root, "join", HTMLElement).replaceChildren(joinLinkRow(dashboard.class.joinPath));
    }
    grid.render(dashboard);
    if (watch.memberId && !dashboard.members.some((m) => m.memberId === watch.memberId)) watch.close();
    part(root, "no-members", HTMLElement).hidden = dashboard.members.length > 0;
    part(root, "summary", HTMLElement).textContent = summary(dashboard);
  };

  const source = new EventSource(`/api/classes/${encodeURIComponent(classId)}/live`);
  source.addEventListener("open", () => {
    liveStatus.textContent = "Live";
    liveStatus.dataset["state"] = "live";
    showError(error, undefined);
  });
  source.addEventListener(DASHBOARD_EVENT, (event) => {
    const parsed = classDashboard.safeParse(JSON.parse((event as MessageEvent<string>).data));
    if (parsed.success) render(parsed.data);
  });
  source.addEventListener("error", () => {
    if (source.readyState === EventSource.CONNECTING) {
      liveStatus.textContent = "Reconnecting…";
      liveStatus.dataset["state"] = "reconnecting";
      return;
    }
    // Closed for good: the server refused (signed out, not this instructor's class). Say why.
    liveStatus.textContent = "Not live";
    liveStatus.dataset["state"] = "closed";
    classroomApi.getClass(classId).then(
      () => showError(error, "Live updates stopped. Reload the page to resume."),
      (e: unknown) => showError(error, explain(e)),
    );
  });
}

function explain(error: unknown): string {
  if (error instanceof LabApiError && error.code === "LAB_ERR_NOT_SIGNED_IN") {
    return "Sign in as an instructor to see this class: go to Your classes.";
  }
  return error instanceof Error ? error.message : String(error);
}

function summary(dashboard: ClassDashboard): string {
  const n = dashboard.members.length;
  const live = dashboard.members.filter((m) => m.live).length;
  const stuck = dashboard.members.filter((m) => m.live?.stuck).length;
  const minutes = Math.round(dashboard.stuckAfterS / 60);
  return (
    `${n} ${n === 1 ? "learner" : "learners"} · ${live} with a lab open · ${stuck} stuck` +
    ` (stuck: ${minutes >= 1 ? `${minutes} min` : `${dashboard.stuckAfterS} s`} on one exercise, still failing)`
  );
}
