import { messageOf } from "../lab/api.ts";
import { fetchProgress } from "../progress/fetch-progress.ts";
import { classroomApi } from "./api.ts";
import { busy, part, showError } from "./form-parts.ts";

/** The join code in the page's address: `/join/<code>` or `?code=<code>`. */
export function codeFromLocation(loc: Pick<Location, "pathname" | "search">): string {
  const fromPath = /^\/join\/([^/]+)\/?$/.exec(loc.pathname)?.[1];
  const raw = fromPath ?? new URLSearchParams(loc.search).get("code") ?? "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Wires the join page: prefilled code and name, join, and what joining shares. */
export function mountJoinPage(doc: Document, loc: Location): void {
  const form = part(doc, "join-form", HTMLFormElement);
  const error = part(doc, "error", HTMLElement);
  const codeInput = form.elements.namedItem("code") as HTMLInputElement;
  const nameInput = form.elements.namedItem("displayName") as HTMLInputElement;
  codeInput.value = codeFromLocation(loc);
  (codeInput.value ? nameInput : codeInput).focus();
  void fetchProgress().then((progress) => {
    const name = progress?.learner.displayName;
    if (name && !nameInput.value) nameInput.value = name;
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(form, async () => {
      try {
        const joined = await classroomApi.join(codeInput.value, nameInput.value);
        showError(error, undefined);
        part(doc, "join", HTMLElement).hidden = true;
        const done = part(doc, "joined", HTMLElement);
        part(doc, "class-name", HTMLElement).textContent = joined.class.name;
        part(doc, "notice", HTMLElement).textContent = joined.notice;
        done.hidden = false;
        done.focus();
      } catch (e) {
        showError(error, messageOf(e));
      }
    });
  });
}
