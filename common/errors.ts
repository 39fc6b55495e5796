/**
 * The one error vocabulary of Switchyard. Every failure a learner, an author or an operator can
 * meet has a stable `LAB_ERR_*` code, an HTTP status and a default message that says what to do.
 * The codes are documented in docs/errors.md; the site and the lab server share this table.
 */

/** Metadata for one error code. */
export interface ErrorSpec {
  /** HTTP status used when the error ends an HTTP request (or rejects a WebSocket upgrade). */
  readonly status: number;
  /** Default learner-readable message; call sites may give a more specific one. */
  readonly message: string;
}

/** Every error code Switchyard can return, with its status and default message. */
export const ERROR_CODES = {
  LAB_ERR_BAD_REQUEST: {
    status: 400,
    message: "The request was not understood. Reload the page and try again.",
  },
  LAB_ERR_UNKNOWN_LESSON: {
    status: 404,
    message: "There is no such lesson. Pick one from the course index.",
  },
  LAB_ERR_NOT_FOUND: {
    status: 404,
    message: "Nothing lives at this address. Go back to the course index.",
  },
  LAB_ERR_SESSION_NOT_FOUND: {
    status: 404,
    message: "This lab session has ended (closed, or idle for too long). Start the lab again.",
  },
  LAB_ERR_UNAUTHORIZED: {
    status: 401,
    message: "This lab session belongs to someone else, or its token is missing. Start the lab again.",
  },
  LAB_ERR_FORBIDDEN_ORIGIN: {
    status: 403,
    message: "Connections are only accepted from Switchyard's own pages.",
  },
  LAB_ERR_TOO_MANY_SESSIONS: {
    status: 429,
    message: "You have too many labs open. Close one (or wait for it to time out) and try again.",
  },
  LAB_ERR_RATE_LIMITED: {
    status: 429,
    message: "Labs are being started too quickly from here. Wait a minute and try again.",
  },
  LAB_ERR_MESSAGE_TOO_LARGE: {
    status: 413,
    message: "That message was too large for the terminal. Paste less at a time.",
  },
  LAB_ERR_BAD_MESSAGE: {
    status: 400,
    message: "The terminal received a message it does not understand; it was ignored.",
  },
  LAB_ERR_ENGINE_UNREACHABLE: {
    status: 503,
    message: "The lab's Docker Engine is not answering. Try again in a minute; if it persists, tell your instructor.",
  },
  LAB_ERR_IMAGE_MISSING: {
    status: 503,
    message: "The lab images are not built on this server. An operator needs to run `npm run images`.",
  },
  LAB_ERR_ISOLATION_UNAVAILABLE: {
    status: 503,
    message:
      "This server's Docker Engine cannot isolate sandboxes from each other and from the machine, so no lab is started. An operator needs to enable user namespaces (see the README's Isolation section).",
  },
  LAB_ERR_SANDBOX_FAILED: {
    status: 500,
    message: "Your sandbox could not be started. Start the lab again; if it keeps failing, tell your instructor.",
  },
  LAB_ERR_SANDBOX_GONE: {
    status: 410,
    message: "Your sandbox is no longer running. Start the lab again to get a fresh one.",
  },
  LAB_ERR_CAPACITY: {
    status: 503,
    message: "The lab server is full right now. Try again in a few minutes.",
  },
  LAB_ERR_DATABASE_UNAVAILABLE: {
    status: 503,
    message: "Your progress cannot be saved or read right now. Your lab still works; try again in a minute.",
  },
  LAB_ERR_NOT_SIGNED_IN: {
    status: 401,
    message: "Sign in as an instructor to do this.",
  },
  LAB_ERR_SIGN_IN_FAILED: {
    status: 401,
    message: "That email address and password do not match an instructor account. Check them and try again.",
  },
  LAB_ERR_EMAIL_TAKEN: {
    status: 409,
    message: "An instructor account with this email address already exists. Sign in instead.",
  },
  LAB_ERR_CROSS_SITE: {
    status: 403,
    message: "This request must come from Switchyard's own pages, as JSON. Reload the page and try again.",
  },
  LAB_ERR_CLASS_NOT_FOUND: {
    status: 404,
    message: "There is no such class, or it is not yours. Check the join code or pick one of your classes.",
  },
  LAB_ERR_NO_OPEN_LAB: {
    status: 409,
    message: "This learner has no lab open right now. You can watch once they start one.",
  },
  LAB_ERR_READ_ONLY: {
    status: 400,
    message: "You are watching this terminal: it is read-only, so your keys were not sent.",
  },
  LAB_ERR_INTERNAL: {
    status: 500,
    message: "Something went wrong on the lab server. Try again; the error was logged.",
  },
} as const satisfies Record<`LAB_ERR_${string}`, ErrorSpec>;

/** A stable error code. */
export type LabErrorCode = keyof typeof ERROR_CODES;

/** The JSON body of every error response, and of `error` messages on the terminal socket. */
export interface ErrorBody {
  /** Stable machine-readable code. */
  code: LabErrorCode;
  /** What happened and what to do, in a learner's words. */
  message: string;
}
