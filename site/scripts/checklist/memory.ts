import { z } from "zod";

const stored = z.object({
  hints: z.record(z.string(), z.number().int().min(0)).catch({}),
  solutions: z.array(z.string()).catch([]),
  announced: z.array(z.string()).catch([]),
  collapsed: z.boolean().catch(false),
});

/** What the checklist remembers for one lesson in this browser tab. */
export interface ChecklistMemory {
  /** How many hints are shown, by exercise id. */
  hints: Record<string, number>;
  /** Exercises whose solution is shown. */
  solutions: string[];
  /** Passes (and the lesson's completion, as `*`) already announced. */
  announced: string[];
  /** True when the learner folded the checklist away. */
  collapsed: boolean;
}

/** Loads and saves a lesson's {@link ChecklistMemory}. */
export interface ChecklistStore {
  load(lesson: string): ChecklistMemory;
  save(lesson: string, memory: ChecklistMemory): void;
}

/** Key under which a lesson's checklist memory is kept. */
export function checklistStorageKey(lesson: string): string {
  return `switchyard:checklist:${lesson}`;
}

function empty(): ChecklistMemory {
  return { hints: {}, solutions: [], announced: [], collapsed: false };
}

/** A {@link ChecklistStore} in `sessionStorage`, so a reload keeps revealed hints (storage may be blocked). */
export function browserChecklistStore(storage: () => Storage = () => window.sessionStorage): ChecklistStore {
  return {
    load(lesson) {
      try {
        const raw = storage().getItem(checklistStorageKey(lesson));
        if (!raw) return empty();
        const parsed = stored.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : empty();
      } catch {
        return empty();
      }
    },
    save(lesson, memory) {
      try {
        storage().setItem(checklistStorageKey(lesson), JSON.stringify(memory));
      } catch {
        // Without storage the checklist still works; only a reload forgets the hints.
      }
    },
  };
}
