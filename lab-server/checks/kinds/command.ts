import type { z } from "zod";
import type { CheckResult, commandCheck } from "../../../common/schemas/checks.ts";
import type { CheckContext } from "../context.ts";

/** Escape hatch: a command's output on the sandbox host matches a pattern. */
export async function checkCommand(check: z.infer<typeof commandCheck>, ctx: CheckContext): Promise<CheckResult> {
  const result = await ctx.onHost(check.host, ["sh", "-c", check.run]);
  const ok = !result.timedOut && new RegExp(check.match, "m").test(result.stdout);
  return { ok, subject: "command", message: ok ? `Confirmed: ${check.describe}.` : `Not yet: ${check.describe}.` };
}
