/** Name of the event a lesson's `<MapHint>` sends to the map. */
export const MAP_HINT_EVENT = "switchyard:map-hint";

/** What a `switchyard:map-hint` event carries. */
export interface MapHintDetail {
  /** What to point at, as a check subject: `container:web`, `network:appnet`, `edge:web:appnet`… */
  readonly target: string;
  /** `enter` and `leave` follow hover and focus; `show` (a click) opens the map and points there. */
  readonly action: "enter" | "leave" | "show";
}

declare global {
  interface DocumentEventMap {
    [MAP_HINT_EVENT]: CustomEvent<MapHintDetail>;
  }
}

/** Tells the map to point at `target` (or to stop). */
export function dispatchMapHint(target: string, action: MapHintDetail["action"]): void {
  document.dispatchEvent(new CustomEvent<MapHintDetail>(MAP_HINT_EVENT, { detail: { target, action } }));
}

/** Reads a map hint from any event, ignoring malformed ones. */
export function readMapHint(event: Event): MapHintDetail | undefined {
  if (!(event instanceof CustomEvent)) return undefined;
  const detail: unknown = event.detail;
  if (typeof detail !== "object" || detail === null) return undefined;
  const target = "target" in detail ? detail.target : undefined;
  const action = "action" in detail ? detail.action : undefined;
  if (typeof target !== "string" || target === "") return undefined;
  if (action !== "enter" && action !== "leave" && action !== "show") return undefined;
  return { target, action };
}
