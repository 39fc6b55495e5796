/**
 * A class's progress as a CSV download (RFC 4180), safe to open in a spreadsheet.
 */
import { CLASS_CSV_COLUMNS, type ClassProgress } from "../../common/schemas/classrooms.ts";

/**
 * A class's progress as CSV (RFC 4180, CRLF line ends): one row per member and exercise. The
 * exercises are every exercise of `lessons` (the course, in order) plus any other the member has
 * progress in; a member with no exercise at all still gets one row with empty lesson and exercise.
 */
export function classProgressCsv(
  progress: ClassProgress,
  lessons: readonly { slug: string; exercises: readonly { id: string }[] }[],
): string {
  const lines = [CLASS_CSV_COLUMNS.join(",")];
  for (const member of progress.members) {
    const keys: [string, string][] = [];
    const seen = new Set<string>();
    const add = (lesson: string, exercise: string) => {
      const key = JSON.stringify([lesson, exercise]);
      if (!seen.has(key)) {
        seen.add(key);
        keys.push([lesson, exercise]);
      }
    };
    for (const lesson of lessons) for (const ex of lesson.exercises) add(lesson.slug, ex.id);
    for (const [slug, lesson] of Object.entries(member.lessons)) for (const id of Object.keys(lesson.exercises)) add(slug, id);
    const base = [member.memberId, defuseFormula(member.displayName ?? ""), member.joinedAt, member.lastActivityAt ?? ""];
    if (keys.length === 0) lines.push(csvRow([...base, "", "", "", ""]));
    for (const [slug, id] of keys) {
      const ex = Object.hasOwn(member.lessons, slug) ? member.lessons[slug]!.exercises : {};
      const p = Object.hasOwn(ex, id) ? ex[id] : undefined;
      lines.push(csvRow([...base, slug, id, String(p?.attempts ?? 0), p?.completedAt ?? ""]));
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** One CSV line: fields with a comma, quote or line break are quoted (quotes doubled). */
function csvRow(fields: readonly string[]): string {
  return fields.map(csvField).join(",");
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A learner-typed cell starting with = + - @ would be a formula in a spreadsheet: prefix a quote. */
function defuseFormula(value: string): string {
  return /^[=+\-@]/.test(value) ? `'${value}` : value;
}
