import { z } from "zod";
import { exercise, solutionStep } from "./checks.ts";
import { hostName, lessonSlug } from "./names.ts";

export { hostName, lessonSlug };

/** The lab a lesson needs: which sandbox hosts are started for it, and how they are set up. */
export const labSpec = z
  .object({
    /** Names of the lab's hosts, started together on one private lab network. The first is the default. */
    hosts: z
      .array(hostName)
      .min(1, "a lab needs at least one host")
      .max(3, "a lab has at most three hosts")
      .refine((names) => new Set(names).size === names.length, "host names must differ")
      .default(["host1"]),
    /**
     * Commands run as root on the lab's hosts, in order, after their engines are up and before the
     * learner's terminal opens: a lab that starts in a given state (a broken app to diagnose, say).
     * Written like solution steps: a command for the first host, or `{ command, host }`. A step
     * that fails stops the lab with its output, so a lesson never opens half set up.
     */
    setup: z.array(solutionStep).max(20, "a lab is set up in at most 20 steps; put longer set-ups in one script").default([]),
  })
  .strict()
  .superRefine((lab, ctx) => {
    lab.setup.forEach((step, i) => {
      if (typeof step !== "string" && step.host && !lab.hosts.includes(step.host)) {
        ctx.addIssue({
          code: "custom",
          path: ["setup", i, "host"],
          message: `the lab has no host "${step.host}"; its hosts are ${lab.hosts.join(", ")}`,
        });
      }
    });
  });

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
    lab: labSpec.default({ hosts: ["host1"], setup: [] }),
    /** The lesson's exercises, in order. */
    exercises: z.array(exercise).default([]),
  })
  .strict()
  .superRefine((lesson, ctx) => {
    const seen = new Set<string>();
    lesson.exercises.forEach((ex, i) => {
      if (seen.has(ex.id))
        ctx.addIssue({
          code: "custom",
          path: ["exercises", i, "id"],
          message: `exercise id "${ex.id}" is used twice; ids must be unique in a lesson`,
        });
      for (const dep of ex.dependsOn) {
        if (!seen.has(dep)) {
          ctx.addIssue({
            code: "custom",
            path: ["exercises", i, "dependsOn"],
            message: `"${dep}" is not an earlier exercise of this lesson; list exercises before those that depend on them`,
          });
        }
      }
      seen.add(ex.id);
      const hosts = lesson.lab.hosts;
      ex.checks.forEach((c, j) => {
        if (c.host && !hosts.includes(c.host)) {
          ctx.addIssue({
            code: "custom",
            path: ["exercises", i, "checks", j, "host"],
            message: `the lab has no host "${c.host}"; its hosts are ${hosts.join(", ")}`,
          });
        }
      });
      ex.solution.forEach((step, j) => {
        if (typeof step !== "string" && step.host && !hosts.includes(step.host)) {
          ctx.addIssue({
            code: "custom",
            path: ["exercises", i, "solution", j, "host"],
            message: `the lab has no host "${step.host}"; its hosts are ${hosts.join(", ")}`,
          });
        }
      });
    });
  });

/** A lesson's validated frontmatter. */
export type LessonFrontmatter = z.infer<typeof lessonFrontmatter>;

/** What the lab server knows of a lesson: its slug plus its frontmatter. */
export interface LessonInfo extends LessonFrontmatter {
  /** The lesson's slug (its file name without extension). */
  readonly slug: string;
}
