/** The benchmark's results: rows printed as a table as they come, then written as JSON. */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fmt } from "./stats.ts";

/** One measured value with its target (informative, never asserted). */
export interface Row {
  metric: string;
  value: number;
  unit: string;
  target: string;
}

/** Rows of one benchmark run. */
export class Report {
  readonly rows: Row[] = [];

  /** Adds a row and prints it as a line of the table. */
  record(metric: string, value: number, unit: string, target: string): void {
    this.rows.push({ metric, value, unit, target });
    // Counts read better without a decimal.
    const shown = fmt(value, unit, Number.isInteger(value) ? 0 : 1).trim();
    console.log(`  ${metric.padEnd(44)} ${shown.padStart(12)}   ${target ? `target ${target}` : ""}`.trimEnd());
  }

  /** Writes `{ at, rows }` to bench/results/`name` and says where. */
  write(name: string): void {
    const out = resolve(import.meta.dirname, "results");
    mkdirSync(out, { recursive: true });
    const file = resolve(out, name);
    writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), rows: this.rows }, null, 2)}\n`);
    console.log(`\nwrote ${file}`);
  }
}
