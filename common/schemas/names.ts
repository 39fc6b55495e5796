import { z } from "zod";

/** A lesson's URL slug and id: lower-case words joined by dashes, e.g. `user-defined-bridges`. */
export const lessonSlug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lower-case letters, digits and single dashes, e.g. `user-defined-bridges`");

/** A sandbox host's name: also its hostname inside the lab and the label of its terminal tab. */
export const hostName = z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, "use a short lower-case name starting with a letter, e.g. `host1`");
