/**
 * What every state-changing request (POST, PUT, DELETE) passes before its route runs, as Hono
 * middleware composed in the route's own line, in this order:
 *
 *   sameOrigin  the `Origin` header is this server's (or listed): else LAB_ERR_CROSS_SITE;
 *   jsonBody    a JSON body of at most 16 KiB matching a zod schema, in `c.var.body`: else
 *               LAB_ERR_BAD_REQUEST saying what to send;
 *   rateLimit   at most so many per window per key (browser, address, email): else
 *               LAB_ERR_RATE_LIMITED with `Retry-After`.
 *
 * Browsers send `Origin` on every POST, PUT and DELETE, same-origin fetches included, so a request
 * without one did not come from one of this server's pages.
 */
import type { Context, Env, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { z } from "zod";
import { LabError } from "../errors.ts";
import { originAllowed } from "./origin.ts";
import type { RateLimiter } from "./rate-limit.ts";

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/** The Hono environment of a route after `jsonBody(schema, …)`: the parsed body is `c.var.body`. */
export type JsonEnv<S extends z.ZodType> = { Variables: { body: z.output<S> } };

/** Refuses, with LAB_ERR_CROSS_SITE, a request whose `Origin` is missing or not allowed. */
export function sameOrigin(allowedOrigins: readonly string[]): MiddlewareHandler {
  return createMiddleware(async (c, next) => {
    if (!originAllowed(c.req.header("origin"), c.req.header("host"), allowedOrigins)) {
      throw new LabError(
        "LAB_ERR_CROSS_SITE",
        "This request must come from Switchyard's own pages (its Origin header is missing or foreign). Reload the page and try again.",
      );
    }
    await next();
  });
}

/**
 * Reads the request body as JSON and validates it with `schema`, leaving the result in
 * `c.var.body`. `hint` is an example of what to send, e.g. `{"lesson": "<lesson-slug>"}`; every
 * refusal (not JSON, invalid JSON, over 16 KiB, not matching the schema) names it.
 */
export function jsonBody<S extends z.ZodType>(schema: S, hint: string): MiddlewareHandler<JsonEnv<S>> {
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new LabError("LAB_ERR_BAD_REQUEST", `The request body is over ${MAX_BODY_BYTES / 1024} KiB. Send ${hint}.`);
    },
  });
  return createMiddleware<JsonEnv<S>>(async (c, next) => {
    if (!c.req.header("content-type")?.toLowerCase().startsWith("application/json")) {
      throw new LabError("LAB_ERR_BAD_REQUEST", `Send the request as JSON (Content-Type: application/json): ${hint}.`);
    }
    await limit(c, async () => {
      const raw: unknown = await c.req.json().catch(() => {
        throw new LabError("LAB_ERR_BAD_REQUEST", `The request body is not valid JSON. Send ${hint}.`);
      });
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new LabError("LAB_ERR_BAD_REQUEST", `Send ${hint}. ${describeIssues(parsed.error)}`);
      c.set("body", parsed.data);
    });
    await next();
  });
}

/**
 * Counts the request against `limiter` under each of `keys(c)` (for instance the browser and its
 * address); over the limit it is refused with LAB_ERR_RATE_LIMITED and `Retry-After`, telling
 * the caller "Too many `what` from here". Runs after `jsonBody` when a key comes from the body.
 */
export function rateLimit<E extends Env = Env>(
  limiter: RateLimiter,
  keys: (c: Context<E>) => readonly string[],
  what: string,
): MiddlewareHandler<E> {
  return createMiddleware<E>(async (c, next) => {
    const wait = limiter.take(keys(c));
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      throw new LabError("LAB_ERR_RATE_LIMITED", `Too many ${what} from here. Try again in ${wait} s.`);
    }
    await next();
  });
}

/** Schema issues in one line: `email: Enter a valid email address…; password: …`. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}
