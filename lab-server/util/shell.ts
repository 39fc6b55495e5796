/** Quotes one argument for sh, so that any string reaches the command as one word, unexpanded. */
export function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
