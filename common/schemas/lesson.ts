import { z } from "zod";

/** A lesson's URL slug and id: lower-case words joined by dashes, e.g. `user-defined-bridges`. */
export const lessonSlug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lower-case letters, digits and single dashes, e.g. `user-defined-bridges`");

/** A sandbox host's name: also its hostname inside the lab and the label of its terminal tab. */
export const hostName = z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, "use a short lower-case name starting with a letter, e.g. `host1`");

/** The lab a lesson needs: which sandbox hosts are started for it. */
export const labSpec = z
  .object({
    /** Names of the lab's hosts, started together on one private lab network. The first is the default. */
    hosts: z
      .array(hostName)
      .min(1, "a lab needs at least one host")
      .max(3, "a lab has at most three hosts")
      .refine((names) => new Set(names).size === names.length, "host names must differ")
      .default(["host1"]),
  })
  .strict();

/** Frontmatter of a lesson file in content/lessons/. */
export const lessonFrontmatter = z
  .object({
    /** Title shown on the course index and at the top of the lesson. */
    title: z.string().min(3, "give the lesson a title of a few words"),
    /** One or two sentences for the course index: what the learner will be able to do. */
    summary: z.string().min(10, "write a sentence or two saying what the learner will be able to do"),
    /** Position in the course, starting at 1. */
    order: z.number().int().positive("order starts at 1"),
    /** Estimated minutes to complete, shown on the index. */
    minutes: z.number().int().min(1).max(240),
    /** Slugs of lessons a learner should have done first. */
    prerequisites: z.array(lessonSlug).default([]),
    /** The sandbox this lesson runs against. */
    lab: labSpec.default({ hosts: ["host1"] }),
  })
  .strict();

/** A lesson's validated frontmatter. */
export type LessonFrontmatter = z.infer<typeof lessonFrontmatter>;
/** A lab specification. */
export type LabSpec = z.infer<typeof labSpec>;

/** What the lab server knows of a lesson: its slug plus its frontmatter. */
export interface LessonInfo extends LessonFrontmatter {
  /** The lesson's slug (its file name without extension). */
  readonly slug: string;
}
