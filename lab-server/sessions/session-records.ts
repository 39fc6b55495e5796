/**
 * Open lab sessions in the database, so that a lab server that stopped without ending them (a
 * crash, kill -9) can pick their sandboxes up again at its next start. A record is written once a
 * session's sandbox is ready and removed when the session ends. Tokens are kept as SHA-256 only.
 */
import { z } from "zod";
import type { Database } from "../db/database.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";

/** One open session as recorded. */
export interface SessionRecord {
  id: string;
  tokenSha256: string;
  clientId: string;
  lesson: string;
  sandbox: Sandbox;
  /** When the session started (epoch ms). */
  createdAt: number;
}

// Checked when read back: a record from an older or damaged row is dropped, not trusted.
const sandboxShape = z.object({
  sessionId: z.string(),
  networkId: z.string(),
  subnet: z.string(),
  hosts: z.array(z.object({ name: z.string(), containerId: z.string(), address: z.string() })).min(1),
});

/** Reads and writes one server instance's session records. */
export class SessionRecords {
  readonly #db: Database;
  readonly #instance: string;

  constructor(db: Database, instance: string) {
    this.#db = db;
    this.#instance = instance;
  }

  /** Records a session whose sandbox is ready (again: replaces the earlier record). */
  async save(record: SessionRecord): Promise<void> {
    await this.#db.query(
      `INSERT INTO lab_sessions (id, instance, token_sha256, client_id, lesson, sandbox, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
       ON CONFLICT (id) DO UPDATE SET sandbox = EXCLUDED.sandbox`,
      [
        record.id,
        this.#instance,
        record.tokenSha256,
        record.clientId,
        record.lesson,
        JSON.stringify(record.sandbox),
        new Date(record.createdAt),
      ],
    );
  }

  /** Forgets a session (it ended). */
  async remove(id: string): Promise<void> {
    await this.#db.query("DELETE FROM lab_sessions WHERE id = $1 AND instance = $2", [id, this.#instance]);
  }

  /** Every session this instance left open, oldest first; unreadable records are removed. */
  async list(): Promise<SessionRecord[]> {
    const rows = await this.#db.query<{
      id: string;
      token_sha256: string;
      client_id: string;
      lesson: string;
      sandbox: string;
      created_at: Date;
    }>(
      `SELECT id, token_sha256, client_id, lesson, sandbox::text AS sandbox, created_at
       FROM lab_sessions WHERE instance = $1 ORDER BY created_at, id`,
      [this.#instance],
    );
    const records: SessionRecord[] = [];
    for (const row of rows) {
      const sandbox = sandboxShape.safeParse(safeJson(row.sandbox));
      if (!sandbox.success) {
        await this.remove(row.id);
        continue;
      }
      records.push({
        id: row.id,
        tokenSha256: row.token_sha256,
        clientId: row.client_id,
        lesson: row.lesson,
        sandbox: sandbox.data,
        createdAt: new Date(row.created_at).getTime(),
      });
    }
    return records;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
