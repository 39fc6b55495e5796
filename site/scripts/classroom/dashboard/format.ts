/** A duration for people: "under a minute", "4 min", "1 h 05 min". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** How long ago `ms` was: "just now", "4 min ago", "2 h 10 min ago", or a date for anything past a day. */
export function formatAgo(ms: number, iso: string): string {
  if (ms < 60_000) return "just now";
  if (ms < 24 * 3600_000) return `${formatDuration(ms)} ago`;
  return new Date(iso).toLocaleDateString(undefined, { day: "numeric", month: "short" });
}

/** Server times are turned into "now" on this browser's clock: the snapshot's `at` is the server's now. */
export function clockOffset(serverNowIso: string, receivedAt: number): number {
  return receivedAt - Date.parse(serverNowIso);
}
