import { type Context, Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { errorHandler } from "../../../../lab-server/http/errors.ts";
import { RateLimiter } from "../../../../lab-server/http/rate-limit.ts";
import { type JsonEnv, jsonBody, rateLimit, sameOrigin } from "../../../../lab-server/http/write-guard.ts";
import { createLogger } from "../../../../lab-server/log.ts";

const HOST = "lab.test:8080";
const OWN = `http://${HOST}`;
const HINT = '{"name": "Ada"}';
const thing = z.object({ name: z.string().trim().min(1, "Enter a name.") });

/** An app with one guarded write route that echoes its parsed body and counts the calls that reach it. */
function app(limit = 100) {
  const reached: unknown[] = [];
  const a = new Hono();
  a.onError(errorHandler(createLogger("error")));
  a.post(
    "/things",
    sameOrigin([]),
    jsonBody(thing, HINT),
    rateLimit(new RateLimiter(limit, 60_000), (c: Context<JsonEnv<typeof thing>>) => [`name:${c.var.body.name}`], "things"),
    (c) => {
      reached.push(c.var.body);
      return c.json(c.var.body, 201);
    },
  );
  /** POSTs `body` as the server's own page would; a header given as undefined is left out. */
  const send = async (body: BodyInit | null, headers: Record<string, string | undefined> = {}) => {
    const all = Object.entries({ host: HOST, origin: OWN, "content-type": "application/json", ...headers });
    const res = await a.request("/things", {
      method: "POST",
      headers: all.filter((entry): entry is [string, string] => entry[1] !== undefined),
      body,
      // A streamed body needs this; for any other it changes nothing.
      duplex: "half",
    } as RequestInit);
    return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as Record<string, unknown> };
  };
  return { reached, send };
}

function errorOf(res: { body: Record<string, unknown> }) {
  return res.body["error"] as { code: string; message: string };
}

describe("write guard", () => {
  it("hands the route the parsed, validated body", async () => {
    const { reached, send } = app();
    expect(await send('{"name":"  Ada "}')).toMatchObject({ status: 201, body: { name: "Ada" } });
    expect(reached).toEqual([{ name: "Ada" }]);
  });

  it("refuses a missing, foreign or opaque Origin before reading the body", async () => {
    const { reached, send } = app();
    for (const origin of [undefined, "http://evil.example", "null", "http://lab.test:9999"]) {
      const res = await send("not even JSON", { origin });
      expect([origin, res.status, errorOf(res).code]).toEqual([origin, 403, "LAB_ERR_CROSS_SITE"]);
    }
    expect(reached).toEqual([]);
  });

  it("refuses bodies that are not JSON, not valid JSON, too large or not matching the schema, naming what to send", async () => {
    const { reached, send } = app();
    const big = JSON.stringify({ name: "x".repeat(17 * 1024) });
    // Without Content-Length (a streamed body), the size is counted while reading.
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
        controller.close();
      },
    });
    const cases = {
      "form post": await send("name=Ada", { "content-type": "application/x-www-form-urlencoded" }),
      "no content type": await send(new Blob(['{"name":"Ada"}']), { "content-type": undefined }),
      "invalid JSON": await send("{"),
      empty: await send(null),
      "too large": await send(big),
      "too large, streamed": await send(streamed),
      "wrong shape": await send('{"name":"  "}'),
      "wrong type": await send("[1]"),
    };
    for (const [name, res] of Object.entries(cases)) {
      expect([name, res.status, errorOf(res).code]).toEqual([name, 400, "LAB_ERR_BAD_REQUEST"]);
      expect([name, errorOf(res).message]).toEqual([name, expect.stringContaining(HINT)]);
    }
    expect(errorOf(cases["form post"]).message).toContain("Content-Type: application/json");
    expect(errorOf(cases["invalid JSON"]).message).toContain("not valid JSON");
    expect(errorOf(cases["too large"]).message).toContain("over 16 KiB");
    expect(errorOf(cases["too large, streamed"]).message).toContain("over 16 KiB");
    expect(errorOf(cases["wrong shape"]).message).toContain("name: Enter a name.");
    expect(reached).toEqual([]);
  });

  it("rate-limits by keys read from the validated body, with Retry-After, and counts only well-formed requests", async () => {
    const { reached, send } = app(2);
    await send("{");
    await send('{"name":"  "}');
    expect((await send('{"name":"Ada"}')).status).toBe(201);
    expect((await send('{"name":"Ada"}')).status).toBe(201);
    const third = await send('{"name":"Ada"}');
    expect([third.status, errorOf(third).code]).toEqual([429, "LAB_ERR_RATE_LIMITED"]);
    expect(errorOf(third).message).toMatch(/^Too many things from here\. Try again in \d+ s\.$/);
    expect(Number(third.retryAfter)).toBeGreaterThan(0);
    // Another key has its own count.
    expect((await send('{"name":"Grace"}')).status).toBe(201);
    expect(reached).toHaveLength(3);
  });
});
