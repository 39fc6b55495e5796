/** Marks a button that does nothing until the page's script has attached its listeners. */
export const AWAITS_SCRIPT_ATTRIBUTE = "data-awaits-script";

/**
 * Enables the buttons a page renders disabled because only its script handles them (Start lab, the
 * Run buttons, the join form's submit). Before the script listens, a click on them would be lost
 * without a word, or submit a form the browser's way; disabled, they show they are not ready yet.
 * Call once everything that handles them is mounted.
 */
export function enableAwaitingButtons(root: ParentNode = document): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>(`button[${AWAITS_SCRIPT_ATTRIBUTE}]`)) {
    button.disabled = false;
    button.removeAttribute(AWAITS_SCRIPT_ATTRIBUTE);
  }
}
