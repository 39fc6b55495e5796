import { z } from "zod";
import type { SessionHandle } from "./api.ts";

const stored = z.object({ id: z.string().min(1), token: z.string().min(1) });

/** Remembers each lesson's running lab for this browser tab, so a reload reattaches to it. */
export interface SessionStore {
  load(lesson: string): SessionHandle | undefined;
  save(lesson: string, session: SessionHandle): void;
  clear(lesson: string): void;
}

/** Key under which a lesson's session is kept. */
export function sessionStorageKey(lesson: string): string {
  return `switchyard:lab:${lesson}`;
}

/** A {@link SessionStore} backed by `sessionStorage` (which may be unavailable, e.g. when blocked). */
export function browserSessionStore(storage: () => Storage = () => window.sessionStorage): SessionStore {
  return {
    load(lesson) {
      try {
        const raw = storage().getItem(sessionStorageKey(lesson));
        if (!raw) return undefined;
        const parsed = stored.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    save(lesson, session) {
      try {
        storage().setItem(sessionStorageKey(lesson), JSON.stringify({ id: session.id, token: session.token }));
      } catch {
        // Without storage the lab still works; only a reload cannot reattach.
      }
    },
    clear(lesson) {
      try {
        storage().removeItem(sessionStorageKey(lesson));
      } catch {
        // Nothing was stored, so there is nothing to forget.
      }
    },
  };
}
