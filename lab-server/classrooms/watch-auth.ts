/**
 * Who may watch a terminal: the signed-in instructor of the class the learner is a member of,
 * and only while the learner has a lab open. Checked before the WebSocket upgrade, so a refusal
 * is a plain HTTP status.
 */
import type { IncomingMessage } from "node:http";
import { parse as parseCookies } from "hono/utils/cookie";
import { LabError } from "../errors.ts";
import type { SessionManager } from "../sessions/manager.ts";
import type { LabSession } from "../sessions/session.ts";
import { INSTRUCTOR_COOKIE, instructorForToken } from "./sign-in.ts";
import type { ClassroomStore } from "./store.ts";

/** Where watching sockets are opened: `/api/classes/<class id>/members/<member id>/terminal?host=<host>`. */
export const WATCH_PATH = /^\/api\/classes\/([A-Za-z0-9_-]{1,64})\/members\/([A-Za-z0-9_-]{1,64})\/terminal$/;

/** The terminal an instructor may watch. */
export interface WatchTarget {
  session: LabSession;
  hostName: string;
  /** Who watches: their watch ends if the learner leaves their class. */
  instructorId: string;
}

/** Checks the instructor's cookie, class ownership and the learner's open lab (Origin is checked by the caller). */
export async function authorizeWatch(
  req: IncomingMessage,
  deps: { store: ClassroomStore; sessions: SessionManager },
): Promise<WatchTarget> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const match = WATCH_PATH.exec(url.pathname);
  if (!match) throw new LabError("LAB_ERR_NOT_FOUND");
  const token = parseCookies(req.headers.cookie ?? "", INSTRUCTOR_COOKIE)[INSTRUCTOR_COOKIE];
  const instructor = await instructorForToken(deps.store, token);
  if (!instructor) throw new LabError("LAB_ERR_NOT_SIGNED_IN");
  const learner = await deps.store.learnerOfMember(instructor.id, match[1] as string, match[2] as string);
  const lab = deps.sessions.liveLab(learner);
  if (!lab) throw new LabError("LAB_ERR_NO_OPEN_LAB");
  const hostName = url.searchParams.get("host") ?? lab.session.hostNames[0];
  if (!hostName || !lab.session.hostNames.includes(hostName)) {
    throw new LabError(
      "LAB_ERR_NO_OPEN_LAB",
      `The learner's lab has no host called "${hostName}". Its hosts: ${lab.session.hostNames.join(", ")}.`,
    );
  }
  return { session: lab.session, hostName, instructorId: instructor.id };
}
