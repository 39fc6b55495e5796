import { z } from "zod";
import { hostName, lessonSlug } from "./names.ts";

/** Body of `POST /api/sessions`. */
export const createSessionRequest = z
  .object({
    /** The lesson whose lab to start. */
    lesson: lessonSlug,
  })
  .strict();

/** A lab session as the API returns it. */
export const sessionView = z.object({
  /** Session id, part of every session URL. */
  id: z.string(),
  /** Secret the browser presents (header `x-session-token`, or `token` on the socket URL). */
  token: z.string().optional(),
  /** The lesson this lab belongs to. */
  lesson: lessonSlug,
  /** The sandbox's hosts, in the order the lesson lists them. */
  hosts: z.array(hostName),
  /** Where the sandbox is: `provisioning`, `ready`, `failed` or `ended`. */
  state: z.enum(["provisioning", "ready", "failed", "ended"]),
  /** When the session ends if nobody uses it (ISO time). */
  idleExpiresAt: z.string(),
});
/** A session as returned by the API. */
export type SessionView = z.infer<typeof sessionView>;

/** Header that carries a session's token on HTTP requests. */
export const SESSION_TOKEN_HEADER = "x-session-token";
