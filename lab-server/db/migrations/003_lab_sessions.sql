-- Open lab sessions, so that a lab server that stops without ending them (a crash, kill -9, a
-- power cut) can pick them up again at its next start, sandboxes and all. A row lives from the
-- moment a session's sandbox is ready until the session ends. The session's secret token is kept
-- only as its SHA-256.

CREATE TABLE lab_sessions (
  id text PRIMARY KEY,
  -- The server instance (SWITCHYARD_INSTANCE) whose sandbox this is.
  instance text NOT NULL,
  token_sha256 text NOT NULL,
  -- The browser (sy_client cookie) that started it.
  client_id text NOT NULL,
  lesson text NOT NULL,
  -- The sandbox as provisioned: network id, subnet, and per host its name, container id and address.
  sandbox jsonb NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE INDEX lab_sessions_instance ON lab_sessions (instance);
