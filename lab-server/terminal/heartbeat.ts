/**
 * WebSocket keep-alive: a ping every interval; a socket that has not answered the previous ping
 * is dropped (a browser that went to sleep or lost its network never says goodbye).
 */
import type { WebSocket } from "ws";

/** Ping interval; a socket that misses one pong is dropped. */
export const HEARTBEAT_MS = 20_000;

/** Starts pinging `ws`; returns a function that stops. */
export function startHeartbeat(ws: WebSocket, everyMs = HEARTBEAT_MS): () => void {
  let alive = true;
  const onPong = () => {
    alive = true;
  };
  ws.on("pong", onPong);
  const timer = setInterval(() => {
    if (!alive) {
      ws.terminate();
      return;
    }
    alive = false;
    ws.ping();
  }, everyMs);
  return () => {
    clearInterval(timer);
    ws.off("pong", onPong);
  };
}
