import type { z } from "zod";
import {
  type ClassList,
  type ClassView,
  classList,
  classView,
  type InstructorView,
  instructorResponse,
  type JoinClassResponse,
  joinClassResponse,
} from "../../../common/schemas/classrooms.ts";
import { LabApiError, request, UNREACHABLE_CODE } from "../lab/api.ts";

async function call<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
  const json = await request(method, path, body === undefined ? {} : { body: JSON.stringify(body) });
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new LabApiError(UNREACHABLE_CODE, "The lab server gave an answer this page does not understand. Reload the page.", 200);
  return parsed.data;
}

/** The classroom API (instructors, classes, joining) on the page's own origin. */
export const classroomApi = {
  /** The signed-in instructor, or undefined when nobody is signed in. */
  async me(): Promise<InstructorView | undefined> {
    try {
      return (await call("GET", "/api/instructors/me", instructorResponse)).instructor;
    } catch (error) {
      if (error instanceof LabApiError && error.status === 401) return undefined;
      throw error;
    }
  },
  async signUp(email: string, password: string): Promise<InstructorView> {
    return (await call("POST", "/api/instructors", instructorResponse, { email, password })).instructor;
  },
  async signIn(email: string, password: string): Promise<InstructorView> {
    return (await call("POST", "/api/instructors/session", instructorResponse, { email, password })).instructor;
  },
  async signOut(): Promise<void> {
    await request("DELETE", "/api/instructors/session", {});
  },
  async listClasses(): Promise<ClassList["classes"]> {
    return (await call("GET", "/api/classes", classList)).classes;
  },
  async getClass(id: string): Promise<ClassView> {
    return call("GET", `/api/classes/${encodeURIComponent(id)}`, classView);
  },
  async createClass(name: string): Promise<ClassView> {
    return call("POST", "/api/classes", classView, { name });
  },
  /** Removes a member from one of the signed-in instructor's classes. */
  async removeMember(classId: string, memberId: string): Promise<void> {
    await request("DELETE", `/api/classes/${encodeURIComponent(classId)}/members/${encodeURIComponent(memberId)}`, {});
  },
  async join(code: string, displayName: string): Promise<JoinClassResponse> {
    return call("POST", "/api/classes/join", joinClassResponse, { code, displayName });
  },
};
