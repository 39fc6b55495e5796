/**
 * Who is signed in as an instructor: the `sy_instructor` cookie holds a random token, and the
 * database holds only its SHA-256.
 */
import type { InstructorView } from "../../common/schemas/classrooms.ts";
import { hashSessionToken } from "./passwords.ts";
import type { ClassroomStore } from "./store.ts";

/** Cookie that holds an instructor's sign-in token. */
export const INSTRUCTOR_COOKIE = "sy_instructor";

/** The instructor signed in with this cookie value, or undefined (malformed, unknown or expired). */
export async function instructorForToken(store: ClassroomStore, token: string | undefined): Promise<InstructorView | undefined> {
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return store.instructorForSession(hashSessionToken(token));
}
