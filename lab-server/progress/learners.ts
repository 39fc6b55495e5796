/**
 * The one writer of the `learners` table. A learner is a browser's random id, with the display
 * name its owner chose (in the progress panel, or when joining a class); the progress and classroom
 * stores both go through here, inside their own transactions.
 */
import type { Queryable } from "../db/database.ts";

/** Creates learner `id` if new. */
export async function ensureLearner(db: Queryable, id: string): Promise<void> {
  await db.query("INSERT INTO learners (id) VALUES ($1) ON CONFLICT (id) DO NOTHING", [id]);
}

/** Creates learner `id` if new, with `name` (already validated) as its display name, or sets it. */
export async function setLearnerName(db: Queryable, id: string, name: string | null): Promise<void> {
  await db.query(
    `INSERT INTO learners (id, display_name) VALUES ($1, $2)
     ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name`,
    [id, name],
  );
}
