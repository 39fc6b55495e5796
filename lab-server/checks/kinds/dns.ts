import type { z } from "zod";
import type { CheckResult, dnsCheck } from "../../../common/schemas/checks.ts";
import { findContainer } from "../../inspect/snapshot.ts";
import type { CheckContext } from "../context.ts";
import { addressOf, askDockerDns, type Lookup, lookup } from "./reach.ts";

/**
 * A name resolves (to given containers' addresses), or does not, for container `from`: by
 * default as Docker's embedded DNS server answers it, with `via: hosts` as the container's own
 * resolver does (its /etc/hosts first).
 */
export async function checkDns(check: z.infer<typeof dnsCheck>, ctx: CheckContext): Promise<CheckResult> {
  const subject = `dns:${check.from}:${check.name}`;
  const snap = await ctx.snapshot(check.host);
  const from = findContainer(snap, check.from);
  if (!from) return { ok: false, subject, message: `There is no container called \`${check.from}\` yet.` };
  if (!from.State.Running) return { ok: false, subject, message: `\`${check.from}\` is not running, so it cannot look anything up.` };
  const ask = () => (check.via === "docker" ? askDockerDns(ctx, check.host, from, check.name) : lookup(ctx, check.host, from, check.name));
  let found: Lookup = await ask();
  if (found.unknown) found = await ask();
  const who = check.via === "docker" ? "Docker's DNS" : `\`${check.from}\`'s resolver`;
  const inFrom = check.via === "docker" ? `for \`${check.from}\`` : `in \`${check.from}\``;
  if (found.unknown) {
    return {
      ok: false,
      subject,
      message: `${who} did not answer about \`${check.name}\` in time ${inFrom}; it will be asked again.`,
    };
  }
  const answers = found.addresses;
  if (check.expect === "fails") {
    return answers.length === 0
      ? { ok: true, subject, message: `${who} does not resolve \`${check.name}\` ${inFrom}, as asked.` }
      : { ok: false, subject, message: `${who} still resolves \`${check.name}\` ${inFrom} (to ${answers.join(", ")}).` };
  }
  if (answers.length === 0) {
    const hint =
      check.via === "docker" ? " (a line in the container's /etc/hosts does not count: Docker's own DNS server must know the name)" : "";
    return { ok: false, subject, message: `${who} does not resolve \`${check.name}\` ${inFrom}${hint}.` };
  }
  const wanted = [...(check.to ? [check.to] : []), ...(check.toAll ?? [])];
  const missing = wanted.filter((name) => {
    const ip = addressOf(snap, name, check.network);
    return !ip || !answers.includes(ip);
  });
  if (missing.length > 0) {
    const names = missing.map((m) => `\`${m}\``).join(" and ");
    return {
      ok: false,
      subject,
      message: `${who} resolves \`${check.name}\` ${inFrom} to ${answers.join(", ")}, which is not ${names}${check.network ? ` on \`${check.network}\`` : ""}.`,
    };
  }
  return { ok: true, subject, message: `${who} resolves \`${check.name}\` ${inFrom} to ${answers.join(", ")}.` };
}
