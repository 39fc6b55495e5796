import { estimateWidth, MAP_FONT, type Measure, TEXT_STYLES } from "./model/text.ts";

/**
 * A {@link Measure} backed by a canvas, so node sizes fit the font the browser really uses;
 * falls back to an estimate where canvas text is unavailable. Results are cached.
 */
export function createCanvasMeasure(): Measure {
  const context = document.createElement("canvas").getContext("2d");
  if (!context) return estimateWidth;
  const cache = new Map<string, number>();
  return (text, style) => {
    const key = `${style}\u0000${text}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const { size, weight } = TEXT_STYLES[style];
    context.font = `${weight} ${size}px ${MAP_FONT}`;
    const width = Math.ceil(context.measureText(text).width);
    cache.set(key, width);
    return width;
  };
}
