import { type Disposable, DisposableStore, listen } from "../lib/disposables.ts";
import { dispatchMapHint } from "./hint-event.ts";

function hintOf(target: EventTarget | null): HTMLElement | undefined {
  return (target instanceof Element ? target.closest<HTMLElement>("[data-map-hint]") : null) ?? undefined;
}

function send(hint: HTMLElement | undefined, action: "enter" | "leave" | "show"): void {
  const target = hint?.getAttribute("data-map-hint");
  if (target) dispatchMapHint(target, action);
}

/**
 * Makes every `<MapHint>` on the page (an element with `data-map-hint`) talk to the map: hover
 * and focus point at its target, a click opens the map there. One set of delegated listeners.
 */
export function enableMapHints(root: Document = document): Disposable {
  const store = new DisposableStore();
  store.add(
    listen(root, "mouseover", (event) => {
      const hint = hintOf(event.target);
      if (hint && !hint.contains(event.relatedTarget as Node | null)) send(hint, "enter");
    }),
  );
  store.add(
    listen(root, "mouseout", (event) => {
      const hint = hintOf(event.target);
      if (hint && !hint.contains(event.relatedTarget as Node | null)) send(hint, "leave");
    }),
  );
  store.add(listen(root, "focusin", (event) => send(hintOf(event.target), "enter")));
  store.add(listen(root, "focusout", (event) => send(hintOf(event.target), "leave")));
  store.add(listen(root, "click", (event) => send(hintOf(event.target), "show")));
  return store;
}
