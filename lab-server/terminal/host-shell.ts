/**
 * The learner's shell on a sandbox host: a login bash in /root with a colour terminal and UTF-8.
 */
import type { Engine } from "../docker/engine.ts";
import { Terminal } from "./terminal.ts";

/** Recent output kept for replay on reconnect, per terminal. */
const SCROLLBACK_BYTES = 64 * 1024;

/** A (not yet started) shell terminal on the host container `containerId`. */
export function hostShell(engine: Engine, containerId: string): Terminal {
  return new Terminal({
    engine,
    containerId,
    shell: ["bash", "-l"],
    env: ["TERM=xterm-256color", "HOME=/root", "LANG=C.UTF-8"],
    scrollbackBytes: SCROLLBACK_BYTES,
  });
}
