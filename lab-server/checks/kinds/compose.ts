import type { z } from "zod";
import type { CheckResult, composeCheck } from "../../../common/schemas/checks.ts";
import { findNetwork } from "../../inspect/snapshot.ts";
import type { CheckContext } from "../context.ts";

const PROJECT = "com.docker.compose.project";
const SERVICE = "com.docker.compose.service";

/** A compose project's services are on exactly the networks listed. */
export async function checkCompose(check: z.infer<typeof composeCheck>, ctx: CheckContext): Promise<CheckResult> {
  const subject = `compose:${check.project}`;
  const snap = await ctx.snapshot(check.host);
  const containers = snap.containers.filter((c) => c.Config.Labels?.[PROJECT] === check.project);
  if (containers.length === 0)
    return {
      ok: false,
      subject,
      message: `No containers of the compose project \`${check.project}\` exist (run \`docker compose up -d\`).`,
    };
  for (const [service, declared] of Object.entries(check.services)) {
    const c = containers.find((x) => x.Config.Labels?.[SERVICE] === service);
    if (!c) return { ok: false, subject, message: `The project \`${check.project}\` has no \`${service}\` service running.` };
    const actual = Object.entries(c.NetworkSettings.Networks ?? {}).map(([name, ep]) => findNetwork(snap, ep.NetworkID)?.Name ?? name);
    // Compose prefixes a project's own networks with the project name; external ones keep theirs.
    const wanted = declared.map((n) => (actual.includes(n) ? n : `${check.project}_${n}`));
    const missing = wanted.filter((n) => !actual.includes(n));
    const extra = actual.filter((n) => !wanted.includes(n));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        ...(missing.length ? [`is not on ${missing.map((n) => `\`${n}\``).join(", ")}`] : []),
        ...(extra.length ? [`is also on ${extra.map((n) => `\`${n}\``).join(", ")}`] : []),
      ];
      return { ok: false, subject, message: `Service \`${service}\` ${parts.join(" and ")}.` };
    }
  }
  return { ok: true, subject, message: `The project \`${check.project}\`'s services are on the networks asked for.` };
}
