/** Code block languages that get a Run button. */
export const RUNNABLE_LANGUAGES: ReadonlySet<string> = new Set(["sh", "bash", "shell", "console"]);

/** True when a code block in `language` holds commands the learner can run. */
export function isRunnable(language: string | undefined): boolean {
  return language !== undefined && RUNNABLE_LANGUAGES.has(language.toLowerCase());
}

/**
 * The command lines in a code block, in order.
 *
 * For `console` blocks only lines starting with `$` are commands (the prompt is removed); other
 * lines are sample output, except lines continuing a command that ends in a backslash.
 * For `sh`, `bash` and `shell` blocks every non-empty line is sent.
 */
export function commandsFromBlock(text: string, language: string | undefined): string[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (language?.toLowerCase() !== "console") return lines.map((line) => line.trimEnd()).filter((line) => line.trim() !== "");
  const commands: string[] = [];
  let continuing = false;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (continuing) {
      commands.push(line);
    } else if (line.startsWith("$")) {
      commands.push(line.replace(/^\$ ?/, ""));
    } else {
      continue;
    }
    continuing = line.endsWith("\\");
  }
  return commands.filter((line) => line.trim() !== "");
}
