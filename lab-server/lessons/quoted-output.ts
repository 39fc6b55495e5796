/**
 * Quoted engine output in a lesson, kept true to the engine. A lesson marks a command block with
 * `verify` (```` ```sh verify ````, optionally `host=host2` and `fails`); the curriculum test types
 * every marked block, in the order the page gives them, into one fresh sandbox of the lesson, and
 * compares what the engine printed with the `text` block that follows (when there is one). So an
 * error message, a `docker port` line or an iptables listing quoted in a lesson cannot drift from
 * what the sandbox's engine says. docs/authoring.md explains how to write them.
 */

/** One marked command block and the output the lesson quotes for it. */
export interface QuotedRun {
  /** 1-based line of the command block in the lesson file, for failure messages. */
  line: number;
  /** The lab host to run on; undefined means the lesson's first host. */
  host: string | undefined;
  /** Commands in order (a line ending in `\` is joined with the next). */
  commands: string[];
  /** True when the last command is meant to fail (a quoted error message). */
  fails: boolean;
  /** The quoted output's lines, or undefined when the block is set-up with no quote. */
  expected: string[] | undefined;
}

const FENCE = /^```(\w*)\s*(.*)$/;

/** The marked blocks of a lesson's MDX source, in page order. */
export function quotedRuns(source: string): QuotedRun[] {
  const lines = source.split(/\r?\n/);
  const blocks: { line: number; language: string; meta: string; body: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] as string).startsWith("```"); i++) body.push(lines[i] as string);
    blocks.push({ line: start + 1, language: open[1] ?? "", meta: open[2] ?? "", body });
  }
  const runs: QuotedRun[] = [];
  for (const [index, block] of blocks.entries()) {
    const words = block.meta.split(/\s+/);
    if (!words.includes("verify")) continue;
    const next = blocks[index + 1];
    // Only blank lines may stand between a command block and the output it quotes.
    const adjacent = next !== undefined && lines.slice(block.line + block.body.length + 1, next.line - 1).every((l) => l.trim() === "");
    runs.push({
      line: block.line,
      host: words.find((w) => w.startsWith("host="))?.slice("host=".length),
      commands: joinContinuations(block.body),
      fails: words.includes("fails"),
      expected: adjacent && next.language === "text" ? next.body : undefined,
    });
  }
  return runs;
}

function joinContinuations(body: string[]): string[] {
  const commands: string[] = [];
  let pending = "";
  for (const raw of body) {
    const line = raw.trim();
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    const command = (pending + line).trim();
    pending = "";
    if (command !== "" && !command.startsWith("#")) commands.push(command);
  }
  if (pending.trim() !== "") commands.push(pending.trim());
  return commands;
}

/**
 * One line with what differs from run to run replaced by placeholders: container and network ids,
 * MAC addresses, interface indexes, the sandbox's own lab addresses, times, and column padding.
 * What a lesson teaches (addresses Docker chose, ports, rule text, messages) is kept.
 */
export function normalizeLine(line: string, labPrefix = "10.213."): string {
  const lab = labPrefix.replaceAll(".", "\\.");
  return line
    .replace(/\b[0-9a-f]{12,64}\b/g, "<id>")
    .replace(/\b(?:[0-9a-f]{2}:){5}[0-9a-f]{2}\b/gi, "<mac>")
    .replace(new RegExp(`\\b${lab}\\d+\\.`, "g"), `${labPrefix}<n>.`)
    .replace(/^\d+: /, "<n>: ")
    .replace(/@if\d+/g, "@if<n>")
    .replace(/\b(?:About an?|Less than a|\d+) (?:second|minute|hour)s?\b/g, "<time>")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Where `expected` (quoted lines, `...` meaning "lines left out") differs from `actual`: each
 * quoted line must appear in the engine's output, in order, once normalised. Undefined when it
 * matches; otherwise the first quoted line that the output does not hold.
 */
export function firstMismatch(expected: readonly string[], actual: readonly string[], labPrefix?: string): string | undefined {
  const have = actual.map((l) => normalizeLine(l, labPrefix)).filter((l) => l !== "");
  let at = 0;
  for (const quoted of expected) {
    const want = normalizeLine(quoted, labPrefix);
    if (want === "" || want === "...") continue;
    const found = have.indexOf(want, at);
    if (found < 0) return quoted;
    at = found + 1;
  }
  return undefined;
}
