/**
 * The lessons the lab server knows: read from the lesson files' frontmatter and validated with the
 * same schema the site build uses, so the server never starts a lab for a lesson the site lacks.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { formatIssues } from "../../common/schemas/format-issues.ts";
import { type LessonInfo, lessonFrontmatter } from "../../common/schemas/lesson.ts";

/** Lessons by slug. */
export class LessonCatalog {
  readonly #lessons: Map<string, LessonInfo>;

  constructor(lessons: readonly LessonInfo[]) {
    this.#lessons = new Map(lessons.map((l) => [l.slug, l]));
  }

  /** Reads every `*.mdx` in `dir`; throws with file, field and hint on a bad frontmatter. */
  static load(dir: string): LessonCatalog {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".mdx"))
      .sort();
    return new LessonCatalog(files.map((file) => readLesson(join(dir, file))));
  }

  /** The lesson with this slug. */
  get(slug: string): LessonInfo | undefined {
    return this.#lessons.get(slug);
  }

  /** All lessons in course order. */
  all(): LessonInfo[] {
    return [...this.#lessons.values()].sort((a, b) => a.order - b.order);
  }
}

function readLesson(path: string): LessonInfo {
  const text = readFileSync(path, "utf8");
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) throw new Error(`${path}: no frontmatter. Start the file with a --- block holding title, summary, order and minutes.`);
  let data: unknown;
  try {
    data = parseYaml(match[1] as string);
  } catch (err) {
    throw new Error(`${path}: the frontmatter is not valid YAML: ${(err as Error).message}`);
  }
  const parsed = lessonFrontmatter.safeParse(data);
  if (!parsed.success) throw new Error(`${path}: invalid frontmatter\n${formatIssues(parsed.error)}`);
  return { slug: basename(path, ".mdx"), ...parsed.data };
}
