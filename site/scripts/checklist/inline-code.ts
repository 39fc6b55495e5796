/** A run of text; `code` when it stood between backticks. */
export interface InlinePart {
  readonly text: string;
  readonly code: boolean;
}

/**
 * Splits `text` at backtick pairs, the way exercise texts and check messages mark names:
 * "`two` is not connected to `appnet`". A backtick without a partner stays as it is.
 */
export function splitInlineCode(text: string): InlinePart[] {
  const parts: InlinePart[] = [];
  const pattern = /`([^`]+)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), code: false });
    parts.push({ text: match[1] ?? "", code: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), code: false });
  return parts;
}

/** `text` without its backticks, for plain-text uses such as a live region. */
export function plainText(text: string): string {
  return splitInlineCode(text)
    .map((part) => part.text)
    .join("");
}

/** Replaces `element`'s children with `text`, backtick spans as `<code>`. */
export function renderInlineCode(element: HTMLElement, text: string): void {
  const nodes = splitInlineCode(text).map((part) => {
    if (!part.code) return document.createTextNode(part.text);
    const code = document.createElement("code");
    code.textContent = part.text;
    return code;
  });
  element.replaceChildren(...nodes);
}
