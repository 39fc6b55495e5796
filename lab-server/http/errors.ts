/**
 * The one place HTTP errors become responses: every error leaves as JSON
 * `{ "error": { "code": "LAB_ERR_…", "message": "…" } }` with the code's status, never a stack trace.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { LabError, toLabError } from "../errors.ts";
import type { Logger } from "../log.ts";

/** Builds Hono's onError handler. */
export function errorHandler(log: Logger) {
  return (err: unknown, c: Context): Response => {
    const error = toResponseError(err);
    if (error.code === "LAB_ERR_INTERNAL") log.error(`${c.req.method} ${c.req.path} failed`, err);
    return c.json({ error: error.toBody() }, error.status as ContentfulStatusCode);
  };
}

function toResponseError(err: unknown): LabError {
  if (err instanceof HTTPException) {
    if (err.status === 413) return new LabError("LAB_ERR_BAD_REQUEST", "The request body is too large.");
    return new LabError("LAB_ERR_BAD_REQUEST", err.message || undefined);
  }
  return toLabError(err);
}
