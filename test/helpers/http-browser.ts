/**
 * A browser for API tests: keeps every cookie the server sets and sends its own Origin on writes,
 * as a page of the server would.
 */
import type { LabServer } from "../../lab-server/http/server.ts";

/** Options of one request: `json` becomes the body; `origin: null` leaves the Origin header out. */
export type BrowserInit = RequestInit & { json?: unknown; origin?: string | null };

/** A cookie-keeping client of one server. */
export function browser(server: Pick<LabServer, "url">) {
  const jar = new Map<string, string>();
  return {
    jar,
    /** The Cookie header this browser sends. */
    get cookie(): string {
      return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    },
    async fetch(path: string, init: BrowserInit = {}) {
      const headers: Record<string, string> = { ...((init.headers as Record<string, string>) ?? {}) };
      headers["cookie"] = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
      const method = init.method ?? (init.json === undefined ? "GET" : "POST");
      if (init.origin !== null && method !== "GET") headers["origin"] = init.origin ?? server.url;
      let body = init.body;
      if (init.json !== undefined) {
        headers["content-type"] ??= "application/json";
        body = JSON.stringify(init.json);
      }
      const res = await fetch(`${server.url}${path}`, { ...init, method, headers, body: body ?? null });
      for (const set of res.headers.getSetCookie()) {
        const [pair] = set.split(";");
        const eq = pair!.indexOf("=");
        const [name, value] = [pair!.slice(0, eq), pair!.slice(eq + 1)];
        if (value === "" || /max-age=0/i.test(set)) jar.delete(name);
        else jar.set(name, value);
      }
      return res;
    },
  };
}

/** A cookie-keeping client. */
export type Browser = ReturnType<typeof browser>;
