import { z } from "zod";

/** The course outline built into the dashboard page: lessons in order with their exercises. */
export const courseOutline = z.array(
  z.object({
    slug: z.string(),
    title: z.string(),
    exercises: z.array(z.object({ id: z.string(), title: z.string() })),
  }),
);
/** The course outline. */
export type CourseOutline = z.infer<typeof courseOutline>;

/** Reads the outline from the page's `<script type="application/json">` element. */
export function readCourse(element: HTMLElement): CourseOutline {
  return courseOutline.parse(JSON.parse(element.textContent ?? "[]"));
}
