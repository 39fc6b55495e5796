/** The text styles drawn on the map. */
export type TextStyle = "title" | "body" | "small";

/** Size, weight and line height of one {@link TextStyle}, in SVG user units (px at scale 1). */
export interface TextStyleSpec {
  readonly size: number;
  readonly weight: number;
  readonly lineHeight: number;
}

/** Every text style on the map. The renderer and the measurer both read these. */
export const TEXT_STYLES: Readonly<Record<TextStyle, TextStyleSpec>> = {
  title: { size: 13, weight: 700, lineHeight: 18 },
  body: { size: 12, weight: 400, lineHeight: 16 },
  small: { size: 11, weight: 500, lineHeight: 15 },
};

/** The map's font: monospace, so addresses line up and widths are predictable. */
export const MAP_FONT = 'ui-monospace, "Cascadia Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

/** Measures how wide `text` is in `style`, in px. */
export type Measure = (text: string, style: TextStyle) => number;

// Monospace faces are close to 0.6 em per character; a little more keeps estimates on the safe side.
const EM_PER_CHAR = 0.62;

/** A {@link Measure} that needs no DOM: characters times a monospace advance. */
export const estimateWidth: Measure = (text, style) => Math.ceil([...text].length * TEXT_STYLES[style].size * EM_PER_CHAR);

/** Shortens `text` to at most `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(max - 1, 1)).join("")}…`;
}
