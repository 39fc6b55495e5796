/**
 * Whose stored progress changed: after a write to a learner's progress or name commits, its
 * writer emits `changed` with the learner's id. A class dashboard re-reads its class's progress
 * from the database only then, instead of asking again and again whether anything changed.
 */
import { EventEmitter } from "node:events";

/** Events of stored progress. */
export interface ProgressEvents {
  /** A write for this learner (browser id) committed: attempts, completions, time, or their name. */
  changed: [learnerId: string];
}

/** The announcer of progress writes, shared by every store that writes progress or names. */
export class ProgressChanges extends EventEmitter<ProgressEvents> {
  constructor() {
    super();
    // One listener per followed class; many open classes are normal, not a leak.
    this.setMaxListeners(0);
  }
}
