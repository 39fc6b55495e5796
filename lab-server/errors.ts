import { ERROR_CODES, type ErrorBody, type LabErrorCode } from "../common/errors.ts";
import { DatabaseError } from "./db/database.ts";

/**
 * The lab server's one error type. Anything thrown toward a learner is a LabError with a stable
 * code (see docs/errors.md); anything else is logged and reported as LAB_ERR_INTERNAL.
 */
export class LabError extends Error {
  /** Stable code, e.g. `LAB_ERR_UNKNOWN_LESSON`. */
  readonly code: LabErrorCode;
  /** HTTP status for this error. */
  readonly status: number;

  constructor(code: LabErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ERROR_CODES[code].message, options);
    this.name = "LabError";
    this.code = code;
    this.status = ERROR_CODES[code].status;
  }

  /** The JSON body sent to the browser. */
  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** Any thrown value as a LabError; unknown errors become LAB_ERR_INTERNAL with a generic message. */
export function toLabError(err: unknown): LabError {
  if (err instanceof LabError) return err;
  if (err instanceof DatabaseError) return new LabError("LAB_ERR_DATABASE_UNAVAILABLE", undefined, { cause: err });
  return new LabError("LAB_ERR_INTERNAL", undefined, { cause: err });
}
