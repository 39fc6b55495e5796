import { type Measure, TEXT_STYLES, type TextStyle } from "./text.ts";

/** How a line of text on a node is coloured (the stylesheet decides the colours). */
export type TextTone = "strong" | "muted";

/** What a badge on a node stands for. */
export type BadgeTone = "port" | "special" | "internal";

/** A line of text to put in a box. */
export interface BoxRow {
  readonly text: string;
  readonly style: TextStyle;
  readonly tone: TextTone;
  /** Room to leave on the left (e.g. for a state dot), in px. */
  readonly indent?: number;
}

/** A small label with a background, stacked under the rows. */
export interface BoxBadge {
  readonly text: string;
  readonly tone: BadgeTone;
  /** Names the badge for highlighting, e.g. `port:80`. */
  readonly id?: string;
}

/** A line of text placed in its box: `x` is its start, `y` its baseline, relative to the box. */
export interface PlacedRow extends BoxRow {
  readonly x: number;
  readonly y: number;
}

/** A badge placed in its box (top-left corner and size, relative to the box). */
export interface PlacedBadge extends BoxBadge {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Baseline of the badge's text, relative to the box. */
  readonly baseline: number;
}

/** A node's content laid out: its size and where each line and badge goes. */
export interface Box {
  readonly width: number;
  readonly height: number;
  readonly rows: readonly PlacedRow[];
  readonly badges: readonly PlacedBadge[];
}

const PAD_X = 10;
const PAD_Y = 8;
const BADGE_GAP = 4;
const BADGE_PAD_X = 6;

/** Baseline of a line of `style` whose line box starts at `top`. */
export function baselineOf(top: number, style: TextStyle): number {
  const { size, lineHeight } = TEXT_STYLES[style];
  return top + Math.round((lineHeight + size * 0.72) / 2);
}

/** Lays out `rows` and then `badges` top to bottom, measuring each with `measure`. */
export function layoutBox(rows: readonly BoxRow[], badges: readonly BoxBadge[], measure: Measure, minWidth: number): Box {
  let y = PAD_Y;
  let width = minWidth;
  const placedRows = rows.map((row) => {
    const indent = row.indent ?? 0;
    const placed = { ...row, x: PAD_X + indent, y: baselineOf(y, row.style) };
    width = Math.max(width, PAD_X * 2 + indent + measure(row.text, row.style));
    y += TEXT_STYLES[row.style].lineHeight;
    return placed;
  });
  const badgeHeight = TEXT_STYLES.small.lineHeight + 4;
  const placedBadges = badges.map((badge, index) => {
    const top = y + (index === 0 ? BADGE_GAP + 2 : BADGE_GAP);
    const badgeWidth = measure(badge.text, "small") + BADGE_PAD_X * 2;
    width = Math.max(width, PAD_X * 2 + badgeWidth);
    y = top + badgeHeight;
    return { ...badge, x: PAD_X, y: top, width: badgeWidth, height: badgeHeight, baseline: baselineOf(top + 2, "small") - 1 };
  });
  return { width: Math.ceil(width), height: Math.ceil(y + PAD_Y), rows: placedRows, badges: placedBadges };
}

/** Size of a block of label lines (an edge label) in `style`, with a little padding. */
export function labelSize(lines: readonly string[], measure: Measure, style: TextStyle = "small"): { width: number; height: number } {
  const widest = Math.max(0, ...lines.map((line) => measure(line, style)));
  return { width: Math.ceil(widest + 8), height: lines.length * TEXT_STYLES[style].lineHeight + 4 };
}
