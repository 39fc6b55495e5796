import { type CollectionEntry, getCollection } from "astro:content";

/** A lesson from the `lessons` collection. */
export type Lesson = CollectionEntry<"lessons">;

/** Every lesson, in course order (by `order`, then title). */
export async function getLessons(): Promise<Lesson[]> {
  const lessons = await getCollection("lessons");
  return lessons.sort((a, b) => a.data.order - b.data.order || a.data.title.localeCompare(b.data.title));
}

/** The course index's address. */
export function homeHref(): string {
  return import.meta.env.BASE_URL;
}

/** A lesson page's address. */
export function lessonHref(slug: string): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, "")}/lessons/${slug}/`;
}

/** The lessons before and after `slug` in course order. */
export function neighbours(lessons: readonly Lesson[], slug: string): { previous?: Lesson; next?: Lesson } {
  const index = lessons.findIndex((lesson) => lesson.id === slug);
  const previous = index > 0 ? lessons[index - 1] : undefined;
  const next = index >= 0 ? lessons[index + 1] : undefined;
  return { ...(previous ? { previous } : {}), ...(next ? { next } : {}) };
}
