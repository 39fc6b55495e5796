/** Name of the event that asks the lab panel to run a command. */
export const RUN_EVENT = "switchyard:run";

/** What a `switchyard:run` event carries. */
export interface RunDetail {
  /** One shell command line; the panel types it and presses Enter. */
  readonly command: string;
  /** Which sandbox host to run it on; the active (or first) host when left out. */
  readonly host?: string | undefined;
}

declare global {
  interface DocumentEventMap {
    [RUN_EVENT]: CustomEvent<RunDetail>;
  }
}

/** Asks the lab panel to run `command` (starting the lab first if needed). */
export function dispatchRun(command: string, host?: string): void {
  const detail: RunDetail = host ? { command, host } : { command };
  document.dispatchEvent(new CustomEvent<RunDetail>(RUN_EVENT, { detail }));
}

/** Reads a run request from any event, ignoring malformed ones. */
export function readRunDetail(event: Event): RunDetail | undefined {
  if (!(event instanceof CustomEvent)) return undefined;
  const detail: unknown = event.detail;
  if (typeof detail !== "object" || detail === null) return undefined;
  const command = "command" in detail ? detail.command : undefined;
  const host = "host" in detail ? detail.host : undefined;
  if (typeof command !== "string" || command.trim() === "") return undefined;
  if (host !== undefined && host !== null && typeof host !== "string") return undefined;
  return typeof host === "string" && host !== "" ? { command, host } : { command };
}
