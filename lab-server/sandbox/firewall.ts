/**
 * Keeps sandboxes away from this machine's own services. A lab network's gateway address belongs
 * to the machine, so without a rule a learner could reach anything listening on it (the lab
 * server, a database, SSH). One chain drops every new connection from the lab pool to the machine.
 * Only possible when the engine is local and we are root; otherwise the server says what to add.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Logger } from "../log.ts";

const run = promisify(execFile);
const CHAIN = "SWITCHYARD-INPUT";

/** Whether the machine's firewall protects it from sandboxes. */
export type FirewallState = "installed" | "unavailable";

async function iptables(...args: string[]): Promise<boolean> {
  try {
    await run("iptables", ["-w", ...args]);
    return true;
  } catch {
    return false;
  }
}

/** Installs (idempotently) the rule that drops new connections from `pool` to this machine. */
export async function protectHost(pool: string, local: boolean, log: Logger): Promise<FirewallState> {
  const advice = `add: iptables -I INPUT -s ${pool} -m conntrack --ctstate NEW -j DROP`;
  if (!local || process.getuid?.() !== 0) {
    log.warn(`cannot guard this machine's services from sandboxes (engine not local, or not root); ${advice}`);
    return "unavailable";
  }
  const ok =
    ((await iptables("-N", CHAIN)) || (await iptables("-L", CHAIN, "-n"))) &&
    (await iptables("-F", CHAIN)) &&
    (await iptables("-A", CHAIN, "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "RETURN")) &&
    (await iptables("-A", CHAIN, "-j", "DROP")) &&
    ((await iptables("-C", "INPUT", "-s", pool, "-j", CHAIN)) || (await iptables("-I", "INPUT", "1", "-s", pool, "-j", CHAIN)));
  if (!ok) {
    log.warn(`could not install the firewall rule guarding this machine from sandboxes; ${advice}`);
    return "unavailable";
  }
  return "installed";
}
