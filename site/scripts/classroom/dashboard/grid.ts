import type { ClassDashboard, DashboardMember } from "../../../../common/schemas/dashboard.ts";
import type { CourseOutline } from "./course.ts";
import { clockOffset, formatAgo, formatDuration } from "./format.ts";

/** What the grid needs from the page. */
export interface GridOptions {
  readonly body: HTMLTableSectionElement;
  readonly course: CourseOutline;
  /** The instructor chose to watch a member's terminal. */
  readonly onWatch: (member: DashboardMember) => void;
  /** The instructor chose to remove a member from the class. */
  readonly onRemove: (member: DashboardMember) => void;
}

interface Row {
  readonly tr: HTMLTableRowElement;
  readonly name: HTMLElement;
  readonly watch: HTMLButtonElement;
  readonly remove: HTMLButtonElement;
  readonly now: HTMLTableCellElement;
  readonly last: HTMLTableCellElement;
  readonly lessons: HTMLTableCellElement[];
  member: DashboardMember;
}

/**
 * The learners × exercises grid. Rows are kept per member across snapshots, so a keyboard user's
 * focus on a Watch button survives live updates; times are redrawn by `tick()` between snapshots.
 */
export class DashboardGrid {
  readonly #options: GridOptions;
  readonly #rows = new Map<string, Row>();
  #offset = 0;

  constructor(options: GridOptions) {
    this.#options = options;
  }

  /** Shows a snapshot received at `receivedAt` (this browser's clock). */
  render(dashboard: ClassDashboard, receivedAt = Date.now()): void {
    this.#offset = clockOffset(dashboard.at, receivedAt);
    const seen = new Set<string>();
    const ordered: HTMLTableRowElement[] = [];
    for (const member of dashboard.members) {
      seen.add(member.memberId);
      const row = this.#rows.get(member.memberId) ?? this.#createRow(member);
      row.member = member;
      this.#fill(row);
      ordered.push(row.tr);
    }
    for (const [id, row] of this.#rows) {
      if (!seen.has(id)) {
        row.tr.remove();
        this.#rows.delete(id);
      }
    }
    // Re-appending moves rows into joining order without recreating them.
    for (const tr of ordered) if (this.#options.body.lastElementChild !== tr) this.#options.body.append(tr);
  }

  /** Redraws the times (on this browser's clock). */
  tick(): void {
    for (const row of this.#rows.values()) this.#fillTimes(row);
  }

  #createRow(member: DashboardMember): Row {
    const tr = document.createElement("tr");
    tr.dataset["testid"] = "dashboard-row";
    tr.dataset["memberId"] = member.memberId;
    const who = document.createElement("th");
    who.scope = "row";
    const name = document.createElement("span");
    name.className = "member-name";
    // The row's member changes with every snapshot: look it up at click time.
    const memberButton = (label: string, testid: string, className: string, action: (member: DashboardMember) => void) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `button run-button-compact ${className}`.trim();
      button.textContent = label;
      button.dataset["testid"] = testid;
      button.addEventListener("click", () => {
        const current = this.#rows.get(tr.dataset["memberId"] ?? "");
        if (current) action(current.member);
      });
      return button;
    };
    const watch = memberButton("Watch", "watch-button", "", this.#options.onWatch);
    const remove = memberButton("Remove", "remove-button", "remove-button", this.#options.onRemove);
    who.append(name, " ", watch, " ", remove);
    const now = document.createElement("td");
    now.className = "now-cell";
    const last = document.createElement("td");
    last.className = "last-cell";
    const lessons = this.#options.course.map((lesson) => {
      const td = document.createElement("td");
      td.className = "lesson-cell";
      td.dataset["lesson"] = lesson.slug;
      td.dataset["testid"] = `cell-${lesson.slug}`;
      return td;
    });
    tr.append(who, now, last, ...lessons);
    const row: Row = { tr, name, watch, remove, now, last, lessons, member };
    this.#rows.set(member.memberId, row);
    return row;
  }

  #fill(row: Row): void {
    const { member } = row;
    row.name.textContent = member.displayName ?? "(no name)";
    const live = member.live;
    row.watch.disabled = live === null;
    row.watch.title = live ? `Watch ${member.displayName ?? "this learner"}'s terminal (read-only)` : "No lab open";
    row.watch.setAttribute("aria-label", `Watch ${member.displayName ?? "learner"}'s terminal`);
    row.remove.setAttribute("aria-label", `Remove ${member.displayName ?? "this learner"} from the class`);
    row.tr.classList.toggle("is-stuck", live?.stuck === true);
    row.tr.classList.toggle("is-live", live !== null);
    row.tr.dataset["stuck"] = String(live?.stuck === true);
    this.#options.course.forEach((lesson, i) => {
      const td = row.lessons[i]!;
      const progress = member.lessons[lesson.slug]?.exercises ?? {};
      const done = lesson.exercises.filter((e) => progress[e.id]?.completedAt).length;
      const tried = lesson.exercises.filter((e) => !progress[e.id]?.completedAt && (progress[e.id]?.attempts ?? 0) > 0).length;
      td.dataset["done"] = String(done);
      td.classList.toggle("is-current", live?.lesson === lesson.slug);
      const dots = lesson.exercises.map((e) => {
        const dot = document.createElement("span");
        const p = progress[e.id];
        const state = p?.completedAt ? "done" : (p?.attempts ?? 0) > 0 ? "tried" : "todo";
        dot.className = `ex-dot ex-${state}`;
        dot.dataset["exercise"] = e.id;
        dot.title = `${e.title}: ${state === "done" ? "done" : state === "tried" ? `${p?.attempts} attempts, not done yet` : "not started"}`;
        return dot;
      });
      td.replaceChildren(...dots);
      const seconds = member.lessons[lesson.slug]?.seconds ?? 0;
      const spent = seconds > 0 ? `, ${formatDuration(seconds * 1000)} spent` : "";
      const label =
        lesson.exercises.length === 0
          ? `${lesson.title}: no exercises${spent}`
          : `${lesson.title}: ${done} of ${lesson.exercises.length} done${tried > 0 ? `, ${tried} attempted` : ""}${spent}`;
      td.setAttribute("aria-label", label);
      td.title = label;
    });
    this.#fillTimes(row);
  }

  #fillTimes(row: Row): void {
    const { member } = row;
    const now = Date.now() - this.#offset;
    const live = member.live;
    if (!live) {
      const recent = Object.entries(member.lessons).sort(([, a], [, b]) => b.lastSeenAt.localeCompare(a.lastSeenAt))[0]?.[0];
      const title = this.#options.course.find((l) => l.slug === recent)?.title ?? recent;
      row.now.replaceChildren(document.createTextNode(title ? `No lab open · last in ${title}` : "No lab open"));
      row.now.classList.add("muted");
    } else {
      row.now.classList.remove("muted");
      const lesson = this.#options.course.find((l) => l.slug === live.lesson);
      const exercise = lesson?.exercises.find((e) => e.id === live.exercise);
      const where = document.createElement("span");
      where.textContent = exercise
        ? `${lesson?.title ?? live.lesson} › ${exercise.title}`
        : `${lesson?.title ?? live.lesson}${lessonState(live.checked, live.exercise === null && (lesson?.exercises.length ?? 0) > 0)}`;
      const parts: Node[] = [];
      // First, so that it shows however narrow the column.
      if (live.stuck) {
        const badge = document.createElement("span");
        badge.className = "stuck-badge";
        badge.dataset["testid"] = "stuck-badge";
        badge.textContent = "Stuck";
        parts.push(badge, document.createTextNode(" "));
      }
      parts.push(where);
      if (live.exercise !== null) {
        const since = document.createElement("span");
        since.className = "since";
        since.textContent = ` · ${formatDuration(now - Date.parse(live.exerciseSince))} on it`;
        parts.push(since);
      }
      row.now.replaceChildren(...parts);
    }
    const times = [live?.lastActivityAt, member.lastActivityAt].filter((t): t is string => typeof t === "string");
    const lastIso = times.sort().at(-1);
    row.last.textContent = lastIso ? formatAgo(now - Date.parse(lastIso), lastIso) : "never";
  }
}

/** What follows the lesson's title when the learner is on no exercise. */
function lessonState(checked: boolean, allDone: boolean): string {
  if (!checked) return " · checking…";
  return allDone ? " · all done" : "";
}
