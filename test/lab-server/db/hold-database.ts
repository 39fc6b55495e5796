/**
 * Test helper run as a child process, on the embedded database in the data directory given as
 * the first argument. Default: opens it, prints `open`, and holds it until its standard input
 * closes. With `--crash`: writes a learner named by the third argument, then kills itself
 * (SIGKILL) without closing the database, as a crashing server would.
 */
import { openDatabase } from "../../../lab-server/db/open.ts";
import { createLogger } from "../../../lab-server/log.ts";

const [dataDir, mode, learner] = process.argv.slice(2);
const db = await openDatabase({ dataDir: dataDir!, log: createLogger("error") });
if (mode === "--crash") {
  await db.query("INSERT INTO learners (id) VALUES ($1)", [learner!]);
  process.kill(process.pid, "SIGKILL");
}
process.stdout.write("open\n");
process.stdin.resume();
process.stdin.on("end", () => void db.close().then(() => process.exit(0)));
