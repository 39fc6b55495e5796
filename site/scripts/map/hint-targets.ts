import { type Disposable, DisposableStore } from "../lib/disposables.ts";
import type { MapHintDetail } from "./hint-event.ts";

/** How long a `<MapHint>`'s target stays marked after a click. */
export const FLASH_MS = 2500;

/**
 * What the lesson's `<MapHint>`s point at right now: the one hovered or focused, and for a
 * moment the one last clicked. Calls `onChange` whenever that changes.
 */
export class HintTargets implements Disposable {
  readonly #store = new DisposableStore();
  readonly #onChange: () => void;
  #hover: string | undefined;
  #flash: { readonly target: string; readonly timer: Disposable } | undefined;

  constructor(onChange: () => void) {
    this.#onChange = onChange;
  }

  /** The targets to mark, as subjects. */
  get targets(): string[] {
    return [this.#hover, this.#flash?.target].filter((target): target is string => target !== undefined);
  }

  /** Takes in one hint event. */
  apply({ target, action }: MapHintDetail): void {
    if (action === "enter") this.#hover = target;
    else if (action === "leave" && this.#hover === target) this.#hover = undefined;
    else if (action === "show") {
      this.#flash?.timer.dispose();
      const timer = this.#store.setTimeout(() => {
        this.#flash = undefined;
        this.#onChange();
      }, FLASH_MS);
      this.#flash = { target, timer };
    }
    this.#onChange();
  }

  dispose(): void {
    this.#store.dispose();
  }
}
