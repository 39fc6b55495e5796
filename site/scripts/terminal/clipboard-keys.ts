/** What a clipboard shortcut asks for. */
export type ClipboardAction = "copy" | "paste" | undefined;

/**
 * Recognises the terminal's clipboard shortcuts: Ctrl+Shift+C copies, Ctrl+Shift+V pastes.
 * (Plain Ctrl+C must stay an interrupt for the shell, so copying needs the extra Shift.)
 */
export function clipboardAction(event: KeyboardEvent): ClipboardAction {
  if (!event.ctrlKey || !event.shiftKey || event.altKey || event.metaKey) return undefined;
  if (event.code === "KeyC" || event.key === "C" || event.key === "c") return "copy";
  if (event.code === "KeyV" || event.key === "V" || event.key === "v") return "paste";
  return undefined;
}

/** Copies `text` to the clipboard; resolves to false when the browser refuses. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return copyWithSelection(text);
  }
}

// Older browsers and non-secure pages have no async clipboard; a hidden textarea still works there.
function copyWithSelection(text: string): boolean {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** True when the page may read the clipboard with `navigator.clipboard.readText`. */
export function canReadClipboard(): boolean {
  return typeof navigator !== "undefined" && typeof navigator.clipboard?.readText === "function";
}
