/**
 * The live side of instructors' dashboards: every open dashboard of a class is served by one
 * shared `ClassFollower`, made when the first opens and dropped when the last closes, so that ten
 * tabs on one class cost what one does.
 */
import type { ClassDashboard } from "../../common/schemas/dashboard.ts";
import { ClassFollower, type FollowerDeps } from "./class-follower.ts";

export { type ClassEvents, type FollowerDeps, type LiveLabs, SETTLE_MS } from "./class-follower.ts";

/** A followed class and how many dashboards it serves. */
interface Followed {
  follower: ClassFollower;
  dashboards: number;
}

/** The followed classes of this server, by instructor and class. */
export class ClassFeeds {
  readonly #deps: FollowerDeps;
  readonly #followed = new Map<string, Followed>();

  constructor(deps: FollowerDeps) {
    this.#deps = deps;
  }

  /**
   * Opens a dashboard of the instructor's class: `send` gets a snapshot at once and then each
   * change. Rejects with LAB_ERR_CLASS_NOT_FOUND when the class is not theirs. Call the returned
   * function when the dashboard closes.
   */
  async open(instructorId: string, classId: string, send: (dashboard: ClassDashboard) => Promise<void>): Promise<() => void> {
    // Keyed by the instructor too: a follower reads its class as that instructor, whose it must be.
    const key = `${instructorId}/${classId}`;
    let followed = this.#followed.get(key);
    if (!followed) {
      followed = { follower: new ClassFollower(this.#deps, instructorId, classId), dashboards: 0 };
      this.#followed.set(key, followed);
    }
    const entry = followed;
    entry.dashboards += 1;
    let remove: () => void;
    try {
      remove = await entry.follower.add(send);
    } catch (err) {
      this.#release(key, entry);
      throw err;
    }
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      remove();
      this.#release(key, entry);
    };
  }

  /** How many classes are followed now. */
  get following(): number {
    return this.#followed.size;
  }

  #release(key: string, entry: Followed): void {
    entry.dashboards -= 1;
    if (entry.dashboards > 0) return;
    entry.follower.close();
    if (this.#followed.get(key) === entry) this.#followed.delete(key);
  }
}
