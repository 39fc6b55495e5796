import type { Disposable } from "../lib/disposables.ts";

/** A terminal's size in character cells. */
export interface TerminalSize {
  readonly cols: number;
  readonly rows: number;
}

/**
 * What the lab panel needs from an on-screen terminal, independent of the library drawing it.
 * The xterm.js adapter implements it; tests can supply a fake.
 */
export interface TerminalView extends Disposable {
  /** Shows output from the shell (raw bytes, or text). */
  write(data: Uint8Array | string): void;
  /** Calls `listener` with what the learner types or pastes. */
  onData(listener: (data: string) => void): Disposable;
  /** Clears the screen and scrollback (before the server replays recent output). */
  clear(): void;
  /** Moves keyboard focus into the terminal. */
  focus(): void;
  /** Fits the terminal to its container; returns the new size, or undefined while it is hidden. */
  fit(): TerminalSize | undefined;
  /** Sets an exact size (a watched terminal takes the learner's size, whatever its container). */
  resize(size: TerminalSize): void;
}

/** Creates a {@link TerminalView} inside `container`. */
export type TerminalViewFactory = (container: HTMLElement, options: TerminalViewOptions) => TerminalView;

/** Options for creating a {@link TerminalView}. */
export interface TerminalViewOptions {
  /** Accessible name of the terminal, e.g. "Terminal on host1". */
  readonly label: string;
  /** Called with a short message the learner should see (e.g. clipboard access was blocked). */
  readonly onNotice?: (message: string) => void;
  /** Show output only: keys and pastes are not taken (watching someone else's terminal). */
  readonly readOnly?: boolean;
}
