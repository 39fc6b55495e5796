import type { z } from "zod";
import type { attachedCheck, CheckResult } from "../../../common/schemas/checks.ts";
import { findContainer, findNetwork } from "../../inspect/snapshot.ts";
import type { CheckContext } from "../context.ts";

/** A container is (or is not) on a network, with an alias, fixed address or interface count. */
export async function checkAttached(check: z.infer<typeof attachedCheck>, ctx: CheckContext): Promise<CheckResult> {
  const subject = `edge:${check.container}:${check.network}`;
  const snap = await ctx.snapshot(check.host);
  const c = findContainer(snap, check.container);
  if (!c) return { ok: false, subject, message: `There is no container called \`${check.container}\` yet.` };
  const net = findNetwork(snap, check.network);
  if (!net) return { ok: false, subject, message: `There is no network called \`${check.network}\` yet.` };
  const endpoints = c.NetworkSettings.Networks ?? {};
  const entry = Object.entries(endpoints).find(([name, ep]) => name === net.Name || ep.NetworkID === net.Id)?.[1];
  if (!check.attached) {
    return entry
      ? { ok: false, subject, message: `\`${check.container}\` is still connected to \`${check.network}\`.` }
      : { ok: true, subject, message: `\`${check.container}\` is not connected to \`${check.network}\`.` };
  }
  if (!entry) return { ok: false, subject, message: `\`${check.container}\` is not connected to \`${check.network}\`.` };
  const wrong: string[] = [];
  if (check.alias) {
    const names = [...(entry.Aliases ?? []), ...(entry.DNSNames ?? [])];
    if (!names.includes(check.alias)) wrong.push(`it has no alias \`${check.alias}\` there`);
  }
  if (check.ipv4 && entry.IPAddress !== check.ipv4) wrong.push(`its address there is ${entry.IPAddress || "none"}, not ${check.ipv4}`);
  if (check.ipv6 && entry.GlobalIPv6Address !== check.ipv6)
    wrong.push(`its IPv6 address there is ${entry.GlobalIPv6Address || "none"}, not ${check.ipv6}`);
  const count = Object.keys(endpoints).length;
  if (check.interfaces !== undefined && count !== check.interfaces) {
    wrong.push(`it is on ${count} network${count === 1 ? "" : "s"}, not ${check.interfaces}`);
  }
  if (wrong.length > 0)
    return { ok: false, subject, message: `\`${check.container}\` is on \`${check.network}\`, but ${wrong.join("; ")}.` };
  return { ok: true, subject, message: `\`${check.container}\` is connected to \`${check.network}\` as asked.` };
}
