/** Finds `[data-part=name]` under `root` as the given element type, or fails loudly (a markup bug). */
export function part<T extends Element>(root: ParentNode, name: string, type: new () => T): T {
  const element = root.querySelector(`[data-part="${name}"]`);
  if (!(element instanceof type)) throw new Error(`page markup is missing its "${name}" part`);
  return element;
}

/** Shows `message` in an error line, or hides the line when it is undefined. */
export function showError(line: HTMLElement, message: string | undefined): void {
  line.textContent = message ?? "";
  line.hidden = message === undefined;
}

/** Runs `action` with the form's submit buttons disabled, so a double click sends one request. */
export async function busy(form: HTMLFormElement, action: () => Promise<void>): Promise<void> {
  const buttons = [...form.querySelectorAll("button")];
  for (const b of buttons) b.disabled = true;
  form.setAttribute("aria-busy", "true");
  try {
    await action();
  } finally {
    for (const b of buttons) b.disabled = false;
    form.removeAttribute("aria-busy");
  }
}

/** The absolute address of a path on this site, for links to share. */
export function absoluteUrl(path: string): string {
  return new URL(path, location.origin).href;
}
