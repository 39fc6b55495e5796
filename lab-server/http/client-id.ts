/**
 * A learner's browser: the anonymous random id in its `sy_client` cookie, set on first use. It keys
 * progress, per-browser lab quotas and rate limits, and class memberships.
 */
import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";

/** Cookie that identifies a browser (for per-browser session quotas). */
export const CLIENT_COOKIE = "sy_client";

// A rate limit and the route behind it both ask within one request; a new browser must get one
// id (and one Set-Cookie), not two.
const issued = new WeakMap<Context, string>();

/** The browser's anonymous id from its cookie, set on first use. */
export function clientIdOf(c: Context): string {
  const existing = getCookie(c, CLIENT_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{16,64}$/.test(existing)) return existing;
  const already = issued.get(c);
  if (already) return already;
  const id = randomBytes(16).toString("base64url");
  issued.set(c, id);
  setCookie(c, CLIENT_COOKIE, id, { httpOnly: true, sameSite: "Lax", path: "/", maxAge: 60 * 60 * 24 * 365 });
  return id;
}
