import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { LessonCatalog } from "../../../../lab-server/lessons/catalog.ts";

const REAL_LESSONS = resolve(import.meta.dirname, "../../../../content/lessons");

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "lessons-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("LessonCatalog", () => {
  it("loads every real lesson in content/ with valid frontmatter", () => {
    const catalog = LessonCatalog.load(REAL_LESSONS);
    expect(catalog.all().length).toBeGreaterThan(0);
    for (const lesson of catalog.all()) expect(lesson.lab.hosts.length).toBeGreaterThan(0);
  });

  it("defaults the lab to one host and sorts by order", () => {
    const dir = dirWith({
      "b.mdx": "---\ntitle: Second lesson\nsummary: The second lesson of this course.\norder: 2\nminutes: 5\n---\nBody",
      "a.mdx": "---\ntitle: First lesson\nsummary: The first lesson of this course.\norder: 1\nminutes: 5\n---\nBody",
    });
    const catalog = LessonCatalog.load(dir);
    expect(catalog.all().map((l) => l.slug)).toEqual(["a", "b"]);
    expect(catalog.get("a")?.lab.hosts).toEqual(["host1"]);
  });

  it("fails with the file, the field and a hint on bad frontmatter", () => {
    const dir = dirWith({
      "broken.mdx":
        "---\ntitle: Broken\nsummary: A lesson with mistakes in it.\norder: 0\nminutes: 5\nlab:\n  hosts: [Host 1]\ncolour: blue\n---\n",
    });
    let message = "";
    try {
      LessonCatalog.load(dir);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("broken.mdx");
    expect(message).toContain("order: order starts at 1");
    expect(message).toContain("lab.hosts.0");
    expect(message).toMatch(/colour.*remove it or check its spelling|remove it or check its spelling/);
  });

  it("says when the frontmatter is missing or not YAML", () => {
    expect(() => LessonCatalog.load(dirWith({ "x.mdx": "no frontmatter here" }))).toThrow(/x\.mdx: no frontmatter/);
    expect(() => LessonCatalog.load(dirWith({ "y.mdx": "---\ntitle: [unclosed\n---\n" }))).toThrow(
      /y\.mdx: the frontmatter is not valid YAML/,
    );
  });
});
