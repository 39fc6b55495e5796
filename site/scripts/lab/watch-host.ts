import type { HostTerminal } from "./host-terminal.ts";
import type { HostStatus } from "./status.ts";

/** Callbacks for what happens on one host's terminal connection. */
export interface HostWatcher {
  /** The host's connection status changed. */
  status(status: HostStatus): void;
  /** The server reported an error (shown to the learner as is). */
  error(message: string, code: string): void;
  /** A socket was (re)established. */
  connected(): void;
  /** The session is over; do not reconnect. */
  ended(): void;
}

/** Translates a host terminal's socket events into {@link HostStatus} changes for the panel. */
export function watchHost(terminal: HostTerminal, watcher: HostWatcher): void {
  let current: HostStatus = { kind: "connecting" };
  let reconnected = false;
  const set = (status: HostStatus) => {
    current = status;
    watcher.status(status);
  };
  const connected = (shellRestarted: boolean) => set({ kind: "connected", reconnected, shellRestarted });

  terminal.on("connecting", ({ attempt }) => {
    // Later attempts keep saying "reconnecting (attempt N)" until one succeeds.
    if (attempt === 0) set({ kind: "connecting" });
  });
  terminal.on("hello", (hello) => {
    reconnected = hello.reconnected;
    watcher.connected();
    if (hello.resumed || hello.reconnected) connected(false);
    else set({ kind: "provisioning", detail: undefined });
  });
  terminal.on("status", ({ phase, detail }) => {
    if (phase === "provisioning") set({ kind: "provisioning", detail });
    else if (phase === "ready") connected(false);
    else if (phase === "shell-restarted") connected(true);
    else if (phase === "engine-restarting") set({ kind: "engine-restarting" });
    else watcher.ended();
  });
  terminal.on("output", () => {
    // Output means the shell is up, even if no `ready` status came first.
    if (current.kind === "provisioning" || current.kind === "connecting") connected(false);
  });
  terminal.on("error", ({ message, code }) => watcher.error(message, code));
  terminal.on("reconnecting", ({ attempt }) => set({ kind: "reconnecting", attempt }));
  terminal.on("closed", ({ reason }) => {
    if (reason === "replaced") set({ kind: "replaced" });
    else watcher.ended();
  });
}
