/**
 * Which pages may act on this server: the one Origin rule shared by state-changing HTTP requests
 * (`write-guard.ts`) and WebSocket upgrades (`upgrade.ts`).
 */

/** True when `origin` is allowed: listed, or (with no list) the server's own origin. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return false;
  if (allowed.length > 0) return allowed.includes(origin);
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
