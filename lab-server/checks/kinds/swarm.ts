import type { z } from "zod";
import type { CheckResult, serviceCheck, swarmCheck } from "../../../common/schemas/checks.ts";
import type { CheckContext } from "../context.ts";

/** The host is in a swarm, with the asked role and node counts. */
export async function checkSwarm(check: z.infer<typeof swarmCheck>, ctx: CheckContext): Promise<CheckResult> {
  const host = ctx.host(check.host).name;
  const subject = `swarm:${host}`;
  const { swarm } = await ctx.snapshot(check.host);
  if (swarm.LocalNodeState !== "active") return { ok: false, subject, message: `\`${host}\` is not part of a swarm yet.` };
  const role = swarm.ControlAvailable ? "manager" : "worker";
  if (check.role && role !== check.role) return { ok: false, subject, message: `\`${host}\` is a swarm ${role}, not a ${check.role}.` };
  if (check.nodes !== undefined || check.managers !== undefined) {
    if (!swarm.ControlAvailable)
      return { ok: false, subject, message: `\`${host}\` is not a manager, so it cannot count the swarm's nodes.` };
    if (check.nodes !== undefined && swarm.Nodes !== check.nodes) {
      return {
        ok: false,
        subject,
        message: `The swarm has ${swarm.Nodes} node${swarm.Nodes === 1 ? "" : "s"}; the exercise asks for ${check.nodes}.`,
      };
    }
    if (check.managers !== undefined && swarm.Managers !== check.managers) {
      return {
        ok: false,
        subject,
        message: `The swarm has ${swarm.Managers} manager${swarm.Managers === 1 ? "" : "s"}; the exercise asks for ${check.managers}.`,
      };
    }
  }
  return { ok: true, subject, message: `\`${host}\` is a swarm ${role}${check.nodes ? ` in a swarm of ${swarm.Nodes} nodes` : ""}.` };
}

/** A swarm service exists with its replicas running, on a network, answering on every host. */
export async function checkService(check: z.infer<typeof serviceCheck>, ctx: CheckContext): Promise<CheckResult> {
  const subject = `service:${check.name}`;
  const inspect = await ctx.onHost(check.host, ["docker", "service", "inspect", check.name, "--format", "{{json .}}"]);
  if (inspect.exitCode !== 0)
    return { ok: false, subject, message: `There is no swarm service called \`${check.name}\` (ask a manager: \`docker service ls\`).` };
  if (check.replicas !== undefined) {
    const ps = await ctx.onHost(check.host, [
      "docker",
      "service",
      "ps",
      check.name,
      "--filter",
      "desired-state=running",
      "--format",
      "{{.CurrentState}}",
    ]);
    const running = ps.stdout.split("\n").filter((l) => l.startsWith("Running")).length;
    if (running !== check.replicas)
      return { ok: false, subject, message: `\`${check.name}\` has ${running} running task(s); the exercise asks for ${check.replicas}.` };
  }
  if (check.network) {
    const nets = await ctx.onHost(check.host, [
      "docker",
      "service",
      "inspect",
      check.name,
      "--format",
      "{{range .Spec.TaskTemplate.Networks}}{{.Target}} {{end}}",
    ]);
    const id = await ctx.onHost(check.host, ["docker", "network", "inspect", check.network, "--format", "{{.ID}}"]);
    if (id.exitCode !== 0 || !nets.stdout.split(" ").includes(id.stdout.trim())) {
      return { ok: false, subject, message: `\`${check.name}\` is not attached to the network \`${check.network}\`.` };
    }
  }
  if (check.publishedPort !== undefined) {
    const silent: string[] = [];
    for (const host of ctx.hosts) {
      const probe = await ctx.onHost(check.host, ["nc", "-z", "-w", "1", host.address, String(check.publishedPort)]);
      if (probe.exitCode !== 0) silent.push(host.name);
    }
    if (silent.length > 0) {
      return {
        ok: false,
        subject,
        message: `Port ${check.publishedPort} does not answer on ${silent.join(", ")}; the routing mesh should answer on every node.`,
      };
    }
  }
  return { ok: true, subject, message: `The service \`${check.name}\` is running as asked.` };
}
