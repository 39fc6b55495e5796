/**
 * The lab server: one process, one port, serving the JSON API, terminal WebSockets and the built
 * site.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createAdaptorServer } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { WebSocketServer } from "ws";
import { MAX_CLIENT_MESSAGE_BYTES } from "../../common/schemas/protocol.ts";
import { ClassroomStore } from "../classrooms/store.ts";
import { authorizeWatch } from "../classrooms/watch-auth.ts";
import type { Config } from "../config.ts";
import { openDatabase } from "../db/open.ts";
import { Engine } from "../docker/engine.ts";
import { hostImageRef, recipeHash } from "../images/recipes.ts";
import { LessonCatalog } from "../lessons/catalog.ts";
import type { Logger } from "../log.ts";
import { ProgressStore } from "../progress/store.ts";
import { protectHost } from "../sandbox/firewall.ts";
import { sandboxIsolation } from "../sandbox/isolation.ts";
import { SessionManager } from "../sessions/manager.ts";
import { SessionRecords } from "../sessions/session-records.ts";
import { apiRoutes } from "./api.ts";
import { classroomRoutes } from "./classroom-routes.ts";
import { errorHandler } from "./errors.ts";
import { serveTerminal } from "./lab-socket.ts";
import { upgradeListener } from "./upgrade.ts";
import { serveWatch } from "./watch-socket.ts";

/** A running lab server. */
export interface LabServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  readonly sessions: SessionManager;
  readonly engine: Engine;
  /** Stops accepting, ends every session (removing sandboxes) and closes. */
  close(): Promise<void>;
}

/** Starts the lab server. Throws if the engine does not answer or a lesson file is invalid. */
export async function startLabServer(config: Config, log: Logger): Promise<LabServer> {
  const lessons = LessonCatalog.load(config.contentDir);
  const engine = new Engine({ dockerHost: config.dockerHost });
  await engine.ping();
  const image = hostImageRef(recipeHash());
  const hostImage = (await engine.imageExists(image)) ? image : undefined;
  if (!hostImage) log.warn(`sandbox host image ${image} is missing: run \`npm run images\`; labs cannot start until then`);
  if (!(await engine.liveRestore())) {
    log.warn(
      "the Docker Engine runs without live restore: restarting it will end every lab (start dockerd with --live-restore to keep them)",
    );
  }
  // Said once at start, so an operator reads why labs will not start before a learner meets it.
  await sandboxIsolation(engine, config.sandbox).then(
    (mode) => {
      if (mode === "unisolated") log.warn("SWITCHYARD_UNISOLATED_SANDBOXES=1: a learner's root in a sandbox is root on this machine");
      else log.info(`sandboxes are isolated by ${mode === "userns" ? "the engine's user namespaces" : config.sandbox.runtime}`);
    },
    (err: unknown) => log.error(`no lab can start: ${(err as Error).message}`),
  );
  const local = !config.dockerHost || config.dockerHost.startsWith("unix:");
  await protectHost(config.labSubnetPool, local, log);
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, log });
  const progress = new ProgressStore(db);
  const records = new SessionRecords(db, config.instance);
  const sessions = new SessionManager({ engine, config, lessons, log, hostImage, progress, records });
  await sessions.init();

  const classrooms = new ClassroomStore(db);
  const app = new Hono();
  app.onError(errorHandler(log));
  app.route("/api", classroomRoutes({ config, db, lessons, sessions, progressChanges: progress.changes, log }));
  app.route("/api", apiRoutes({ config, engine, lessons, sessions, progress }));
  if (!existsSync(config.siteDir)) log.warn(`no built site at ${config.siteDir}: run \`npm run build\``);
  // A join link (`/join/<code>`) is one static page that reads the code from its address.
  app.get("/join/:code{[A-Za-z0-9-]{1,20}}", async (c, next) => {
    const page = join(config.siteDir, "join", "index.html");
    if (!existsSync(page)) return next();
    c.header("Cache-Control", "no-store");
    return c.html(await readFile(page, "utf8"));
  });
  app.use("/*", serveStatic({ root: config.siteDir }));
  const notFoundPage = join(config.siteDir, "404.html");
  app.notFound(async (c) => {
    const page = existsSync(notFoundPage) ? await readFile(notFoundPage, "utf8") : '<h1>Not found</h1><p><a href="/">Course index</a></p>';
    return c.html(page, 404);
  });

  const server = createAdaptorServer({ fetch: app.fetch });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  server.on(
    "upgrade",
    upgradeListener({
      config,
      sessions,
      wss,
      log,
      onConnection: (ws, target) => serveTerminal(ws, { ...target, log }),
      authorizeWatch: (req) => authorizeWatch(req, { store: classrooms, sessions }),
      onWatch: (ws, target) => serveWatch(ws, { ...target, log }),
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  return {
    url: `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}`,
    port,
    sessions,
    engine,
    close: async () => {
      await new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await sessions.shutdown();
      await db.close();
    },
  };
}
