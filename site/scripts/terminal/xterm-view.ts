import { FitAddon } from "@xterm/addon-fit";
import { type ITheme, Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { type Disposable, DisposableStore } from "../lib/disposables.ts";
import { canReadClipboard, clipboardAction, copyText } from "./clipboard-keys.ts";
import type { TerminalSize, TerminalView, TerminalViewOptions } from "./terminal-view.ts";

const THEME: ITheme = {
  background: "#1c2128",
  foreground: "#d1d7e0",
  cursor: "#6cb6ff",
  cursorAccent: "#1c2128",
  selectionBackground: "#3d4f66",
  black: "#2d333b",
  red: "#f47067",
  green: "#8ddb8c",
  yellow: "#daaa3f",
  blue: "#6cb6ff",
  magenta: "#dcbdfb",
  cyan: "#56d4dd",
  white: "#d1d7e0",
  brightBlack: "#768390",
  brightRed: "#ff938a",
  brightGreen: "#b4f1b4",
  brightYellow: "#eac55f",
  brightBlue: "#96d0ff",
  brightMagenta: "#eedcff",
  brightCyan: "#b3f0ff",
  brightWhite: "#f0f6fc",
};

const FONT_FAMILY = 'ui-monospace, "Cascadia Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

/** A {@link TerminalView} drawn by xterm.js, sized by its fit addon. */
export class XtermView implements TerminalView {
  readonly #terminal: Terminal;
  readonly #fit = new FitAddon();
  readonly #store = new DisposableStore();
  readonly #onNotice: ((message: string) => void) | undefined;

  constructor(container: HTMLElement, options: TerminalViewOptions) {
    this.#onNotice = options.onNotice;
    this.#terminal = this.#store.add(
      new Terminal({
        cursorBlink: !options.readOnly,
        disableStdin: options.readOnly === true,
        fontFamily: FONT_FAMILY,
        fontSize: 14,
        scrollback: 5000,
        theme: THEME,
      }),
    );
    this.#terminal.loadAddon(this.#fit);
    this.#terminal.attachCustomKeyEventHandler((event) => this.#handleKey(event));
    this.#terminal.open(container);
    this.#terminal.textarea?.setAttribute("aria-label", options.label);
  }

  write(data: Uint8Array | string): void {
    this.#terminal.write(data);
  }

  onData(listener: (data: string) => void): Disposable {
    return this.#store.add(this.#terminal.onData(listener));
  }

  clear(): void {
    this.#terminal.reset();
  }

  focus(): void {
    this.#terminal.focus();
  }

  fit(): TerminalSize | undefined {
    const proposed = this.#fit.proposeDimensions();
    if (!proposed || !Number.isFinite(proposed.cols) || !Number.isFinite(proposed.rows)) return undefined;
    this.#fit.fit();
    return { cols: this.#terminal.cols, rows: this.#terminal.rows };
  }

  resize(size: TerminalSize): void {
    this.#terminal.resize(size.cols, size.rows);
  }

  dispose(): void {
    this.#store.dispose();
  }

  // Returns false for keys xterm must not see (so Ctrl+Shift+C does not also send an interrupt).
  #handleKey(event: KeyboardEvent): boolean {
    const action = clipboardAction(event);
    if (!action) return true;
    if (event.type !== "keydown") return false;
    if (action === "copy") {
      // Chromium opens its inspector on Ctrl+Shift+C unless the page claims the key.
      event.preventDefault();
      if (this.#terminal.hasSelection()) void this.#copySelection();
    } else if (canReadClipboard()) {
      // Claim the key so the browser's own paste does not deliver the text a second time.
      event.preventDefault();
      void this.#pasteFromClipboard();
    }
    // Without the async clipboard the browser's native paste (a `paste` event) reaches xterm.
    return false;
  }

  async #copySelection(): Promise<void> {
    const ok = await copyText(this.#terminal.getSelection());
    if (!ok) this.#onNotice?.("Your browser blocked copying. Select the text and use your browser's Copy instead.");
  }

  async #pasteFromClipboard(): Promise<void> {
    try {
      const text = await navigator.clipboard.readText();
      if (text && !this.#store.isDisposed) this.#terminal.paste(text);
    } catch {
      this.#onNotice?.("Your browser blocked reading the clipboard. Right-click the terminal and choose Paste.");
    }
  }
}

/** Creates an {@link XtermView}; matches the `TerminalViewFactory` signature. */
export function createXtermView(container: HTMLElement, options: TerminalViewOptions): TerminalView {
  return new XtermView(container, options);
}
