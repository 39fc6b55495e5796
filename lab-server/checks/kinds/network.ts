import type { z } from "zod";
import type { CheckResult, networkCheck } from "../../../common/schemas/checks.ts";
import type { CheckContext } from "../context.ts";
import { findNetwork } from "../snapshot.ts";

/** A network exists (or not) with the asked properties. */
export async function checkNetwork(check: z.infer<typeof networkCheck>, ctx: CheckContext): Promise<CheckResult> {
  const subject = `network:${check.name}`;
  const net = findNetwork(await ctx.snapshot(check.host), check.name);
  if (!check.exists) {
    return net
      ? { ok: false, subject, message: `The network \`${check.name}\` still exists; remove it with \`docker network rm ${check.name}\`.` }
      : { ok: true, subject, message: `There is no network \`${check.name}\`.` };
  }
  if (!net) return { ok: false, subject, message: `There is no network called \`${check.name}\` yet.` };
  const config = net.IPAM.Config ?? [];
  const wrong: string[] = [];
  if (check.driver && net.Driver !== check.driver) wrong.push(`its driver is \`${net.Driver}\`, not \`${check.driver}\``);
  if (check.subnet && !config.some((c) => sameCidr(c.Subnet, check.subnet))) {
    wrong.push(`its subnet is ${config.map((c) => c.Subnet).join(", ") || "not set"}, not ${check.subnet}`);
  }
  if (check.gateway && !config.some((c) => sameCidr(c.Gateway, check.gateway))) {
    wrong.push(
      `its gateway is ${
        config
          .map((c) => c.Gateway)
          .filter(Boolean)
          .join(", ") || "not set"
      }, not ${check.gateway}`,
    );
  }
  if (check.ipRange && !config.some((c) => sameCidr(c.IPRange, check.ipRange))) wrong.push(`its IP range is not ${check.ipRange}`);
  if (check.internal !== undefined && net.Internal !== check.internal)
    wrong.push(check.internal ? "it is not `--internal`" : "it is `--internal`");
  if (check.attachable !== undefined && net.Attachable !== check.attachable) {
    wrong.push(check.attachable ? "it is not `--attachable`" : "it is `--attachable`");
  }
  if (check.ipv6 !== undefined && net.EnableIPv6 !== check.ipv6)
    wrong.push(check.ipv6 ? "IPv6 is not enabled on it" : "IPv6 is enabled on it");
  if (check.scope && net.Scope !== check.scope) wrong.push(`its scope is \`${net.Scope}\`, not \`${check.scope}\``);
  if (wrong.length > 0) return { ok: false, subject, message: `\`${check.name}\` exists, but ${wrong.join("; ")}.` };
  return { ok: true, subject, message: `The network \`${check.name}\` is set up as asked.` };
}

/** Compares addresses or CIDRs by value: Docker keeps IPv6 as typed (`FD00:0::/64` is `fd00::/64`). */
export function sameCidr(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return canonical(a) === canonical(b);
}

function canonical(cidr: string): string {
  const [address = "", prefix] = cidr.split("/");
  // The URL parser writes IPv6 addresses in their one canonical, compressed, lower-case form.
  const normal = address.includes(":") ? new URL(`http://[${address}]/`).hostname : address;
  return prefix === undefined ? normal : `${normal}/${prefix}`;
}
