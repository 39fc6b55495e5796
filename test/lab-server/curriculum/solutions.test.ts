/**
 * The curriculum's safety net: for every exercise of every lesson in content/, in a fresh sandbox,
 * the exercise's checks fail first; after its reference solution is typed through the same
 * terminal path a learner uses, they pass. `SWITCHYARD_LESSON=<slug>` limits the run to one lesson.
 */
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExerciseResult } from "../../../common/schemas/checks.ts";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { LessonCatalog } from "../../../lab-server/lessons/catalog.ts";
import { createSession, startTestServer } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

const CONTENT = resolve(import.meta.dirname, "../../../content/lessons");
/** How long a solution's last engine events may take to reach the checks before it counts as failing. */
const SETTLE_MS = 20_000;
const only = process.env["SWITCHYARD_LESSON"];
const lessons = LessonCatalog.load(CONTENT)
  .all()
  .filter((l) => l.exercises.length > 0 && (!only || l.slug === only));

let server: LabServer;
beforeAll(async () => {
  server = await startTestServer({ contentDir: CONTENT, maxSessionsPerClient: 100 });
});
afterAll(async () => {
  await server?.close();
});

/** Asks for an evaluation over the socket and returns the `checks` answer that follows. */
async function evaluate(term: TerminalClient): Promise<ExerciseResult[]> {
  const id = Math.random().toString(36).slice(2);
  const isReply = (m: (typeof term.messages)[number]) => m.type === "checks" && m.id === id;
  term.send({ type: "check", id });
  await term.until((c) => c.messages.some(isReply), "check results");
  const reply = term.messages.find(isReply);
  return reply?.type === "checks" ? reply.results : [];
}

function explain(result: ExerciseResult | undefined): string {
  return (result?.checks ?? []).map((c) => `${c.ok ? "ok  " : "FAIL"} ${c.message}`).join("\n");
}

describe.each(lessons.map((l) => [l.slug, l] as const))("lesson %s", (_slug, lesson) => {
  it("has exercises that fail in a fresh lab and pass after their reference solutions", { timeout: 600_000 }, async () => {
    const session = await createSession(server, lesson.slug);
    const terms = new Map<string, TerminalClient>();
    for (const host of lesson.lab.hosts) {
      const term = await TerminalClient.open(server, session, { host });
      await term.ready();
      terms.set(host, term);
    }
    const first = terms.get(lesson.lab.hosts[0] as string) as TerminalClient;
    try {
      for (const [index, exercise] of lesson.exercises.entries()) {
        const before = (await evaluate(first))[index];
        expect(before?.status, `${exercise.id} passes before its solution:\n${explain(before)}`).not.toBe("passed");
        expect(
          before?.checks.some((c) => !c.ok),
          `${exercise.id}: no check fails before the solution`,
        ).toBe(true);
        // Check results the server pushes from here on: they follow the solution's engine events.
        const pushedFrom = first.messages.length;
        for (const step of exercise.solution) {
          const { command, host } = typeof step === "string" ? { command: step, host: undefined } : step;
          const term = terms.get(host ?? (lesson.lab.hosts[0] as string)) as TerminalClient;
          await term.run(command, 120_000);
        }
        // The product re-checks on every engine event and pushes the results. An evaluation asked
        // for at once can still read the state from before the last event (a busy machine delivers
        // it a moment later), so a pushed pass, or a later evaluation, is waited for.
        let after = (await evaluate(first))[index];
        if (after?.status !== "passed") {
          const pushedPass = (c: TerminalClient) =>
            c.messages.slice(pushedFrom).some((m) => m.type === "checks" && m.id === undefined && m.results[index]?.status === "passed");
          await first.until(pushedPass, `${exercise.id} to pass`, SETTLE_MS).catch(() => undefined);
          after = (await evaluate(first))[index];
        }
        expect(after?.status, `${exercise.id} still fails after its solution:\n${explain(after)}`).toBe("passed");
      }
    } finally {
      for (const term of terms.values()) await term.close();
      await server.sessions.end(session.id);
    }
  });
});

it("finds lessons with exercises to verify", () => {
  expect(lessons.length).toBeGreaterThan(0);
});
