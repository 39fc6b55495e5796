import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { lessonFrontmatter } from "../common/schemas/lesson.ts";

// SWITCHYARD_CONTENT_DIR lets the browser tests build the site from their own fixture lessons;
// the lab server reads the same variable, so both always agree on the lessons.
const base = process.env["SWITCHYARD_CONTENT_DIR"] ?? "./content/lessons";

/** Lessons: MDX files validated by the shared lesson schema. */
const lessons = defineCollection({
  loader: glob({ pattern: "*.mdx", base }),
  schema: lessonFrontmatter,
});

export const collections = { lessons };
