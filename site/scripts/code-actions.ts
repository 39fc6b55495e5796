import { commandsFromBlock } from "./commands.ts";
import { dispatchRun } from "./lab/run-event.ts";
import { type Disposable, DisposableStore, listen } from "./lib/disposables.ts";
import { copyText } from "./terminal/clipboard-keys.ts";

const COPIED_FEEDBACK_MS = 1600;

/**
 * Makes the Run and Copy buttons on lesson code blocks (CodeBlock.astro) and on
 * `<RunCommand>` work. One delegated listener serves every button on the page.
 */
export function enableCodeActions(root: Document = document): Disposable {
  const store = new DisposableStore();
  store.add(
    listen(root, "click", (event) => {
      const target = event.target instanceof Element ? event.target : null;
      const button = target?.closest<HTMLButtonElement>("button[data-code-action]");
      if (!button) return;
      const action = button.getAttribute("data-code-action");
      if (action === "run-command") runSingle(button);
      else if (action === "run") runBlock(button);
      else if (action === "copy") void copyBlock(button, store);
    }),
  );
  return store;
}

function blockOf(button: HTMLElement): { text: string; language: string | undefined } | undefined {
  const pre = button.closest("[data-code-block]")?.querySelector("pre");
  if (!pre) return undefined;
  return { text: pre.textContent ?? "", language: pre.getAttribute("data-language") ?? undefined };
}

function runBlock(button: HTMLButtonElement): void {
  const block = blockOf(button);
  if (!block) return;
  const host = button.getAttribute("data-host") ?? undefined;
  for (const command of commandsFromBlock(block.text, block.language)) dispatchRun(command, host);
}

function runSingle(button: HTMLButtonElement): void {
  const command = button.getAttribute("data-command");
  if (command) dispatchRun(command, button.getAttribute("data-host") ?? undefined);
}

async function copyBlock(button: HTMLButtonElement, store: DisposableStore): Promise<void> {
  const block = blockOf(button);
  if (!block) return;
  const runnable = button.closest("[data-code-block]")?.hasAttribute("data-runnable") ?? false;
  // Copying a console block copies its commands, not the prompts and sample output.
  const text = runnable ? commandsFromBlock(block.text, block.language).join("\n") : block.text;
  const ok = await copyText(text);
  const label = button.getAttribute("data-label") ?? button.textContent ?? "Copy";
  button.setAttribute("data-label", label);
  button.textContent = ok ? "Copied" : "Press Ctrl+C";
  button.setAttribute("data-copied", String(ok));
  if (!ok) selectContents(button.closest("[data-code-block]")?.querySelector("code"));
  store.setTimeout(() => {
    button.textContent = label;
    button.removeAttribute("data-copied");
  }, COPIED_FEEDBACK_MS);
}

function selectContents(element: Element | null | undefined): void {
  if (!element) return;
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}
