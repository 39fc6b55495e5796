import type { z } from "zod";
import type { CheckResult, containerCheck } from "../../../common/schemas/checks.ts";
import { findContainer, findNetwork, type HostSnapshot } from "../../inspect/snapshot.ts";
import type { CheckContext } from "../context.ts";

/** A container exists (or not) with the asked image, state, restart policy and network mode. */
export async function checkContainer(check: z.infer<typeof containerCheck>, ctx: CheckContext): Promise<CheckResult> {
  const subject = `container:${check.name}`;
  const snap = await ctx.snapshot(check.host);
  const c = findContainer(snap, check.name);
  if (!check.exists) {
    return c
      ? { ok: false, subject, message: `The container \`${check.name}\` still exists; remove it with \`docker rm -f ${check.name}\`.` }
      : { ok: true, subject, message: `There is no container \`${check.name}\`.` };
  }
  if (!c)
    return { ok: false, subject, message: `There is no container called \`${check.name}\` yet (check the name in \`docker ps -a\`).` };
  const wrong: string[] = [];
  if (check.image && c.Config.Image !== check.image && c.Config.Image !== `${check.image}:latest`) {
    wrong.push(`it runs \`${c.Config.Image}\`, not \`${check.image}\``);
  }
  if (check.running === true && !c.State.Running) wrong.push(`it is not running (it is ${c.State.Status})`);
  if (check.running === false && c.State.Running) wrong.push("it is still running");
  if (check.restart && c.HostConfig.RestartPolicy.Name !== check.restart) {
    wrong.push(`its restart policy is \`${c.HostConfig.RestartPolicy.Name || "no"}\`, not \`${check.restart}\``);
  }
  if (check.networkMode) {
    const byName = networkModeByName(snap, c.HostConfig.NetworkMode);
    if (byName !== check.networkMode) wrong.push(`it was started with \`--network ${byName}\`, not \`--network ${check.networkMode}\``);
  }
  if (check.hostname !== undefined && c.Config.Hostname !== check.hostname) {
    wrong.push(`its hostname is \`${c.Config.Hostname || "unset"}\`, not \`${check.hostname}\` (\`--hostname\` sets it)`);
  }
  if (wrong.length > 0) return { ok: false, subject, message: `\`${check.name}\` exists, but ${wrong.join("; ")}.` };
  return { ok: true, subject, message: `The container \`${check.name}\` is as asked.` };
}

/**
 * A network mode as a learner writes it. `docker run --network X` records X by name or by id;
 * `default` means the default bridge; `--network container:X` is recorded with X's full id.
 */
function networkModeByName(snap: HostSnapshot, mode: string): string {
  if (mode === "default") return "bridge";
  if (mode.startsWith("container:")) {
    const ref = mode.slice("container:".length);
    const owner = findContainer(snap, ref);
    return `container:${owner ? owner.Name.replace(/^\//, "") : ref}`;
  }
  return findNetwork(snap, mode)?.Name ?? mode;
}
