import type { z } from "zod";
import type { CheckResult, dnsCheck } from "../../../common/schemas/checks.ts";
import type { CheckContext } from "../context.ts";
import { findContainer } from "../snapshot.ts";
import { addressOf, lookup } from "./reach.ts";

/** A name resolves (to given containers' addresses), or does not, inside container `from`. */
export async function checkDns(check: z.infer<typeof dnsCheck>, ctx: CheckContext): Promise<CheckResult> {
  const subject = `dns:${check.from}:${check.name}`;
  const snap = await ctx.snapshot(check.host);
  const from = findContainer(snap, check.from);
  if (!from) return { ok: false, subject, message: `There is no container called \`${check.from}\` yet.` };
  if (!from.State.Running) return { ok: false, subject, message: `\`${check.from}\` is not running, so it cannot look anything up.` };
  const answers = await lookup(ctx, check.host, from, check.name);
  if (check.expect === "fails") {
    return answers.length === 0
      ? { ok: true, subject, message: `\`${check.name}\` does not resolve in \`${check.from}\`, as asked.` }
      : { ok: false, subject, message: `\`${check.name}\` still resolves in \`${check.from}\` (to ${answers.join(", ")}).` };
  }
  if (answers.length === 0) return { ok: false, subject, message: `\`${check.name}\` does not resolve in \`${check.from}\`.` };
  const wanted = [...(check.to ? [check.to] : []), ...(check.toAll ?? [])];
  const missing = wanted.filter((name) => {
    const ip = addressOf(snap, name, check.network);
    return !ip || !answers.includes(ip);
  });
  if (missing.length > 0) {
    const who = missing.map((m) => `\`${m}\``).join(" and ");
    return {
      ok: false,
      subject,
      message: `\`${check.name}\` resolves in \`${check.from}\` to ${answers.join(", ")}, which is not ${who}.`,
    };
  }
  return { ok: true, subject, message: `\`${check.name}\` resolves in \`${check.from}\` to ${answers.join(", ")}.` };
}
