import { ERROR_CODES } from "../../../common/errors.ts";
import { SESSION_TOKEN_HEADER, type SessionView, sessionView } from "../../../common/schemas/api.ts";

/** Shown when the lab server cannot be reached (or something else answers in its place). */
export const UNREACHABLE_MESSAGE =
  "Can't reach the lab server, so your terminal can't start. Check your connection and try again. " +
  "If you are viewing these pages on their own, run “./switchyard start” and open the address it prints.";

/** Code used for {@link LabApiError}s that never reached the lab server. */
export const UNREACHABLE_CODE = "UNREACHABLE";

/** A failed API call, carrying the learner-readable message to show. */
export class LabApiError extends Error {
  /** A `LAB_ERR_*` code from the server, or {@link UNREACHABLE_CODE}. */
  readonly code: string;
  /** HTTP status, or 0 when no answer came. */
  readonly status: number;

  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = "LabApiError";
    this.code = code;
    this.status = status;
  }

  /** True when the lab server did not answer (so the session may well still exist). */
  get unreachable(): boolean {
    return this.code === UNREACHABLE_CODE;
  }
}

/** A session the browser can act on: the server's view plus the token it was given. */
export interface SessionHandle {
  readonly id: string;
  readonly token: string;
}

/** The lab server's session API, as the lab panel uses it. */
export interface LabApi {
  /** Starts a lab for `lesson`; provisioning continues in the background. */
  createSession(lesson: string): Promise<SessionView & { token: string }>;
  /** Looks up a session; rejects with a {@link LabApiError} when it has ended. */
  getSession(session: SessionHandle): Promise<SessionView>;
  /** Ends a session and removes its sandbox. */
  deleteSession(session: SessionHandle): Promise<void>;
}

/** The real {@link LabApi}, talking to `/api` on the page's own origin. */
export const httpLabApi: LabApi = {
  async createSession(lesson) {
    const body = await request("POST", "/api/sessions", { body: JSON.stringify({ lesson }) });
    const view = parseSession(body);
    if (!view.token) throw unexpectedAnswer(201);
    return { ...view, token: view.token };
  },
  async getSession(session) {
    return parseSession(await request("GET", sessionPath(session), { token: session.token }));
  },
  async deleteSession(session) {
    await request("DELETE", sessionPath(session), { token: session.token });
  },
};

function sessionPath(session: SessionHandle): string {
  return `/api/sessions/${encodeURIComponent(session.id)}`;
}

function parseSession(body: unknown): SessionView {
  const parsed = sessionView.safeParse(body);
  if (!parsed.success) throw unexpectedAnswer(200);
  return parsed.data;
}

/**
 * One call to the lab server's JSON API on the page's origin: resolves with the parsed answer,
 * or rejects with a {@link LabApiError} carrying the server's own message.
 */
export async function request(method: string, path: string, options: { body?: string; token?: string }): Promise<unknown> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token !== undefined) headers[SESSION_TOKEN_HEADER] = options.token;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: options.body ?? null, credentials: "same-origin" });
  } catch {
    throw new LabApiError(UNREACHABLE_CODE, UNREACHABLE_MESSAGE, 0);
  }
  const json = await readJson(response);
  if (response.ok) return json;
  const error = errorFromBody(json, response.status);
  // Anything that is not the lab server's own error shape (a static host's 404 page, a proxy's
  // 502) means the lab server itself is not answering.
  throw error ?? new LabApiError(UNREACHABLE_CODE, UNREACHABLE_MESSAGE, response.status);
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  try {
    return await response.json();
  } catch {
    if (response.ok) throw unexpectedAnswer(response.status);
    return undefined;
  }
}

function errorFromBody(body: unknown, status: number): LabApiError | undefined {
  if (typeof body !== "object" || body === null || !("error" in body)) return undefined;
  const error = body.error;
  if (typeof error !== "object" || error === null) return undefined;
  const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
  const message = "message" in error && typeof error.message === "string" ? error.message : undefined;
  if (!code || !message) return undefined;
  return new LabApiError(code, message, status);
}

function unexpectedAnswer(status: number): LabApiError {
  return new LabApiError(UNREACHABLE_CODE, UNREACHABLE_MESSAGE, status);
}

/** Turns anything thrown by an API call into a message for the learner. */
export function messageOf(error: unknown): string {
  if (error instanceof LabApiError) return error.message;
  return "Something went wrong in this page. Reload it and try again.";
}

/** The error for a session the server reports as ended or failed. */
export function sessionOverError(): LabApiError {
  const spec = ERROR_CODES.LAB_ERR_SESSION_NOT_FOUND;
  return new LabApiError("LAB_ERR_SESSION_NOT_FOUND", spec.message, spec.status);
}

/** `{ code }` of a {@link LabApiError}, for `PanelDom.showError`; empty for anything else. */
export function errorCodeOf(error: unknown): { code?: string } {
  return error instanceof LabApiError ? { code: error.code } : {};
}
