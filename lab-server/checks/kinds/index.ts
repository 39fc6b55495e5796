/**
 * One evaluator per check kind. Each reads the sandbox through the CheckContext and explains a
 * failure in a learner's words.
 */
import type { Check, CheckResult } from "../../../common/schemas/checks.ts";
import type { CheckContext } from "../context.ts";
import { checkAttached } from "./attached.ts";
import { checkCommand } from "./command.ts";
import { checkCompose } from "./compose.ts";
import { checkContainer } from "./container.ts";
import { checkDns } from "./dns.ts";
import { checkNetwork } from "./network.ts";
import { checkPublished } from "./published.ts";
import { checkReach } from "./reach.ts";
import { checkService, checkSwarm } from "./swarm.ts";

/** Evaluates one check. */
export function evaluateCheck(check: Check, ctx: CheckContext): Promise<CheckResult> {
  switch (check.kind) {
    case "network":
      return checkNetwork(check, ctx);
    case "container":
      return checkContainer(check, ctx);
    case "attached":
      return checkAttached(check, ctx);
    case "reach":
      return checkReach(check, ctx);
    case "dns":
      return checkDns(check, ctx);
    case "published":
      return checkPublished(check, ctx);
    case "swarm":
      return checkSwarm(check, ctx);
    case "service":
      return checkService(check, ctx);
    case "compose":
      return checkCompose(check, ctx);
    case "command":
      return checkCommand(check, ctx);
  }
}
