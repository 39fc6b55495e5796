import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { lessonFrontmatter } from "../common/schemas/lesson.ts";

/** Lessons: MDX files in content/lessons/, validated by the shared lesson schema. */
const lessons = defineCollection({
  loader: glob({ pattern: "*.mdx", base: "./content/lessons" }),
  schema: lessonFrontmatter,
});

export const collections = { lessons };
