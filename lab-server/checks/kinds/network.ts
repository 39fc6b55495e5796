import type { z } from "zod";
import type { CheckResult, networkCheck } from "../../../common/schemas/checks.ts";
import { findNetwork } from "../../inspect/snapshot.ts";
import type { CheckContext } from "../context.ts";

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
  // A network the engine is still creating (an overlay, right after `create`) is listed before
  // its driver and addresses are filled in: no verdict on a half-read state.
  if (!net.Driver) {
    return { ok: false, subject, message: `The network \`${check.name}\` is still being set up; it will be checked again in a moment.` };
  }
  const config = net.IPAM?.Config ?? [];
  const wrong: string[] = [];
  const lab = await labValues(check, ctx);
  if (check.driver && net.Driver !== check.driver) wrong.push(`its driver is \`${net.Driver}\`, not \`${check.driver}\``);
  if (check.parent !== undefined && net.Options?.["parent"] !== check.parent) {
    wrong.push(`its parent interface is ${net.Options?.["parent"] ? `\`${net.Options["parent"]}\`` : "not set"}, not \`${check.parent}\``);
  }
  if (lab.subnet && !config.some((c) => sameCidr(c.Subnet, lab.subnet))) {
    const asked = check.subnet === "lab" ? `the lab network's ${lab.subnet}` : lab.subnet;
    wrong.push(`its subnet is ${config.map((c) => c.Subnet).join(", ") || "not set"}, not ${asked}`);
  }
  if (check.gateway === "lab" && !lab.gateway) {
    wrong.push("the lab network's gateway could not be read to compare (it will be checked again)");
  } else if (lab.gateway && !config.some((c) => sameCidr(c.Gateway, lab.gateway))) {
    wrong.push(
      `its gateway is ${
        config
          .map((c) => c.Gateway)
          .filter(Boolean)
          .join(", ") || "not set"
      }, not ${check.gateway === "lab" ? `the lab network's ${lab.gateway}` : lab.gateway}`,
    );
  }
  if (lab.ipRange && !config.some((c) => sameCidr(c.IPRange, lab.ipRange))) {
    const ranges = config.map((c) => c.IPRange).filter(Boolean);
    wrong.push(`its IP range is ${ranges.join(", ") || "not set"}, not ${lab.ipRange}`);
  }
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

/** The check's subnet, gateway and range, with `lab` values read from the lab network. */
async function labValues(
  check: z.infer<typeof networkCheck>,
  ctx: CheckContext,
): Promise<{ subnet?: string | undefined; gateway?: string | undefined; ipRange?: string | undefined }> {
  const labNet = ctx.labSubnet;
  const subnet = check.subnet === "lab" ? labNet : check.subnet;
  let ipRange = check.ipRange;
  const relative = ipRange ? /^lab\.(\d+)\/(\d+)$/.exec(ipRange) : null;
  if (relative) ipRange = `${offsetAddress(labNet, Number(relative[1]))}/${relative[2]}`;
  let gateway = check.gateway;
  if (gateway === "lab") {
    const route = await ctx.onHost(check.host, ["ip", "-4", "route", "show", "default"]);
    gateway = /^default via (\S+)/m.exec(route.stdout)?.[1];
  }
  return { subnet, gateway, ipRange };
}

/** The IPv4 address `offset` past the start of `cidr` (10.1.2.0/24 and 128: 10.1.2.128). */
export function offsetAddress(cidr: string, offset: number): string {
  const [base = ""] = cidr.split("/");
  const n = base.split(".").reduce((acc, part) => acc * 256 + Number(part), 0) + offset;
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
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
