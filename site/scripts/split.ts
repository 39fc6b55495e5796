import { type Disposable, DisposableStore, listen } from "./lib/disposables.ts";

/** Where the chosen split is remembered. */
export const SPLIT_STORAGE_KEY = "switchyard:split";
/** Keyboard step, in percent of the width. */
const STEP = 2;

/** Clamps `value` to the separator's range. */
export function clampSplit(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

/**
 * Makes a split view resizable. The container holds a `[role=separator]` whose
 * `aria-valuenow/min/max` give the first pane's width in percent; the width is applied as the
 * container's `--split` CSS variable and remembered in localStorage.
 */
export function enableSplit(container: HTMLElement): Disposable {
  const store = new DisposableStore();
  const separator = container.querySelector<HTMLElement>("[role=separator]");
  if (!separator) return store;
  const min = Number(separator.getAttribute("aria-valuemin") ?? 25);
  const max = Number(separator.getAttribute("aria-valuemax") ?? 75);
  let current = clampSplit(Number(separator.getAttribute("aria-valuenow") ?? 50), min, max);

  const apply = (value: number, persist: boolean) => {
    current = clampSplit(value, min, max);
    container.style.setProperty("--split", `${current}%`);
    separator.setAttribute("aria-valuenow", String(current));
    separator.setAttribute("aria-valuetext", `Lesson ${current}%, terminal ${100 - current}%`);
    if (persist) save(current);
  };
  apply(load() ?? current, false);

  store.add(
    listen(separator, "keydown", (event) => {
      const next = keyTarget(event.key, current, min, max);
      if (next === undefined) return;
      event.preventDefault();
      apply(next, true);
    }),
  );
  store.add(
    listen(separator, "pointerdown", (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      separator.setPointerCapture(event.pointerId);
      separator.focus();
      container.setAttribute("data-dragging", "true");
    }),
  );
  store.add(
    listen(separator, "pointermove", (event) => {
      if (!separator.hasPointerCapture(event.pointerId)) return;
      const box = container.getBoundingClientRect();
      if (box.width > 0) apply(((event.clientX - box.left) / box.width) * 100, false);
    }),
  );
  const finish = (event: PointerEvent) => {
    if (!separator.hasPointerCapture(event.pointerId)) return;
    separator.releasePointerCapture(event.pointerId);
    container.removeAttribute("data-dragging");
    save(current);
  };
  store.add(listen(separator, "pointerup", finish));
  store.add(listen(separator, "pointercancel", finish));
  return store;
}

function keyTarget(key: string, current: number, min: number, max: number): number | undefined {
  switch (key) {
    case "ArrowLeft":
    case "ArrowUp":
      return current - STEP;
    case "ArrowRight":
    case "ArrowDown":
      return current + STEP;
    case "PageUp":
      return current - STEP * 5;
    case "PageDown":
      return current + STEP * 5;
    case "Home":
      return min;
    case "End":
      return max;
    default:
      return undefined;
  }
}

function load(): number | undefined {
  try {
    const value = Number(localStorage.getItem(SPLIT_STORAGE_KEY));
    return Number.isFinite(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

function save(value: number): void {
  try {
    localStorage.setItem(SPLIT_STORAGE_KEY, String(value));
  } catch {
    // The split still works; it just is not remembered.
  }
}
