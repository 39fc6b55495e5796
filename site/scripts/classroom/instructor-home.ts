import type { ClassView, InstructorView } from "../../../common/schemas/classrooms.ts";
import { messageOf } from "../lab/api.ts";
import { copyText } from "../terminal/clipboard-keys.ts";
import { classroomApi } from "./api.ts";
import { absoluteUrl, busy, part, showError } from "./form-parts.ts";

/** Wires the instructors' home page: sign in or up, sign out, create and list classes. */
export function mountInstructorHome(doc: Document): void {
  const error = part(doc, "error", HTMLElement);
  const signedOut = part(doc, "signed-out", HTMLElement);
  const signedIn = part(doc, "signed-in", HTMLElement);
  const signInForm = part(doc, "sign-in-form", HTMLFormElement);
  const createForm = part(doc, "create-form", HTMLFormElement);
  const list = part(doc, "classes", HTMLUListElement);
  const empty = part(doc, "no-classes", HTMLElement);

  const show = async (instructor: InstructorView | undefined) => {
    signedOut.hidden = instructor !== undefined;
    signedIn.hidden = instructor === undefined;
    if (!instructor) return;
    part(doc, "email", HTMLElement).textContent = instructor.email;
    renderClasses(list, empty, await classroomApi.listClasses());
  };

  signInForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(signInForm);
    const email = String(data.get("email") ?? "");
    const password = String(data.get("password") ?? "");
    const signUp = (event.submitter as HTMLButtonElement | null)?.value === "sign-up";
    void busy(signInForm, async () => {
      try {
        const instructor = signUp ? await classroomApi.signUp(email, password) : await classroomApi.signIn(email, password);
        showError(error, undefined);
        signInForm.reset();
        await show(instructor);
      } catch (e) {
        showError(error, messageOf(e));
      }
    });
  });

  part(doc, "sign-out", HTMLButtonElement).addEventListener("click", () => {
    void classroomApi
      .signOut()
      .then(() => show(undefined))
      .catch((e: unknown) => showError(error, messageOf(e)));
  });

  createForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = String(new FormData(createForm).get("name") ?? "");
    void busy(createForm, async () => {
      try {
        await classroomApi.createClass(name);
        showError(error, undefined);
        createForm.reset();
        renderClasses(list, empty, await classroomApi.listClasses());
      } catch (e) {
        showError(error, messageOf(e));
      }
    });
  });

  classroomApi
    .me()
    .then(show)
    .catch((e: unknown) => showError(error, messageOf(e)));
}

function renderClasses(list: HTMLUListElement, empty: HTMLElement, classes: readonly ClassView[]): void {
  empty.hidden = classes.length > 0;
  list.replaceChildren(...classes.map(classItem));
}

function classItem(cls: ClassView): HTMLLIElement {
  const item = document.createElement("li");
  item.className = "class-item";
  item.dataset["testid"] = "class-item";
  const title = document.createElement("a");
  title.className = "class-title";
  title.href = `/instructor/class/?id=${encodeURIComponent(cls.id)}`;
  title.textContent = cls.name;
  title.dataset["testid"] = "class-open";
  const meta = document.createElement("p");
  meta.className = "class-meta";
  const members = `${cls.memberCount} ${cls.memberCount === 1 ? "learner" : "learners"}`;
  meta.append(`${members} · join code `);
  const code = document.createElement("code");
  code.textContent = cls.code;
  code.dataset["testid"] = "class-code";
  meta.append(code);
  item.append(title, meta, joinLinkRow(cls.joinPath));
  return item;
}

/** The join link with a Copy button. */
export function joinLinkRow(joinPath: string): HTMLElement {
  const row = document.createElement("p");
  row.className = "join-link";
  const url = absoluteUrl(joinPath);
  const link = document.createElement("a");
  link.href = url;
  link.textContent = url;
  link.dataset["testid"] = "class-join-link";
  const copy = document.createElement("button");
  copy.type = "button";
  copy.className = "button run-button-compact";
  copy.textContent = "Copy link";
  copy.addEventListener("click", () => {
    void copyText(url).then((ok) => {
      copy.textContent = ok ? "Copied" : "Select and copy the link";
    });
  });
  row.append("Join link: ", link, " ", copy);
  return row;
}
