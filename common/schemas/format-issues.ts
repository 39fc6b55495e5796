import type { z } from "zod";

/**
 * Formats schema issues for a lesson author: one line per problem, naming the field path and
 * saying what to write instead. Used by the lab server and the tests; the site build reports
 * through Astro's own error overlay with the same messages.
 */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length > 0 ? issue.path.join(".") : "(frontmatter)";
      const hint = issue.code === "unrecognized_keys" ? " — remove it or check its spelling" : "";
      return `  - ${field}: ${issue.message}${hint}`;
    })
    .join("\n");
}
