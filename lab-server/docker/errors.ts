import type { LabErrorCode } from "../../common/errors.ts";
import { LabError } from "../errors.ts";

/** One row of the table below: what a Docker Engine status means for the call that got it. */
interface StatusRow {
  readonly code: LabErrorCode;
  readonly message: string;
}

/**
 * Docker Engine API status codes, per operation, in a learner's or operator's words.
 * An operation not listed here falls back to `default`.
 */
const STATUS_TABLE: Record<string, Partial<Record<number, StatusRow>>> = {
  createContainer: {
    404: { code: "LAB_ERR_IMAGE_MISSING", message: "A lab image is missing on the server. An operator needs to run `npm run images`." },
    409: { code: "LAB_ERR_SANDBOX_FAILED", message: "A sandbox with this name already exists. Start the lab again." },
  },
  startContainer: {
    404: { code: "LAB_ERR_SANDBOX_GONE", message: "Your sandbox disappeared while starting. Start the lab again." },
  },
  exec: {
    404: { code: "LAB_ERR_SANDBOX_GONE", message: "Your sandbox is no longer running. Start the lab again to get a fresh one." },
    409: { code: "LAB_ERR_SANDBOX_GONE", message: "Your sandbox has stopped. Start the lab again to get a fresh one." },
  },
  createNetwork: {
    409: {
      code: "LAB_ERR_SANDBOX_FAILED",
      message: "The lab network could not be created (its address range is taken). Start the lab again.",
    },
  },
  default: {
    500: {
      code: "LAB_ERR_SANDBOX_FAILED",
      message: "The Docker Engine reported an error while preparing your sandbox. Start the lab again.",
    },
    503: { code: "LAB_ERR_ENGINE_UNREACHABLE", message: "The Docker Engine is busy or restarting. Try again in a minute." },
  },
};

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOENT", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH"]);

/** Maps an error from the Docker Engine API (via dockerode) to a LabError for `operation`. */
export function fromDockerError(operation: string, err: unknown): LabError {
  if (err instanceof LabError) return err;
  const e = err as { statusCode?: number; code?: string; json?: { message?: string }; message?: string };
  if (e?.code && UNREACHABLE.has(e.code)) {
    return new LabError("LAB_ERR_ENGINE_UNREACHABLE", undefined, { cause: err });
  }
  const status = typeof e?.statusCode === "number" ? e.statusCode : undefined;
  const row = status === undefined ? undefined : (STATUS_TABLE[operation]?.[status] ?? STATUS_TABLE["default"]?.[status]);
  if (row) return new LabError(row.code, row.message, { cause: err });
  return new LabError("LAB_ERR_SANDBOX_FAILED", undefined, { cause: err });
}

/** True when the engine said 404 (no such object), which cleanup code treats as success. */
export function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number })?.statusCode === 404;
}

/** Runs one engine call, turning dockerode's failure into the lab's error for `operation`. */
export async function dockerCall<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw fromDockerError(operation, err);
  }
}
