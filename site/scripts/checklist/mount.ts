import type { LabPanel } from "../lab/lab-panel.ts";
import { dispatchRun } from "../lab/run-event.ts";
import { Checklist } from "./checklist.ts";
import { ChecklistDom } from "./checklist-dom.ts";
import { browserChecklistStore } from "./memory.ts";

/**
 * Brings the exercise checklist inside each lab panel to life (an element with `data-checklist`
 * and `data-lesson`), fed by that panel's events.
 */
export function mountChecklists(panels: readonly LabPanel[]): Checklist[] {
  const checklists: Checklist[] = [];
  for (const panel of panels) {
    const element = panel.element.querySelector<HTMLElement>("[data-checklist]");
    const lesson = element?.getAttribute("data-lesson");
    if (!element || !lesson) continue;
    checklists.push(
      new Checklist({
        lesson,
        dom: new ChecklistDom(element),
        source: panel,
        store: browserChecklistStore(),
        run: dispatchRun,
      }),
    );
  }
  return checklists;
}
