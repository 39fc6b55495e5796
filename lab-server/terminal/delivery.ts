/**
 * How far a browser is behind on a terminal's output, from WebSocket pings. A pong comes back only
 * once the browser has read everything sent before its ping (frames arrive in order), so the bytes
 * sent after the last answered ping are the ones still on their way: in this server's queue, in
 * the kernel's socket buffers (which can hold megabytes on their own), or in the browser's.
 * Bounding those, instead of this server's queue alone, is what keeps a slow browser from
 * collecting a flood it will take many seconds to show, ahead of the prompt that follows it.
 */
import type { WebSocket } from "ws";

/**
 * Output on its way to one browser beyond which the shell is paused: what a browser reading 64 KiB/s
 * still has to read after Ctrl-C is about a second of it.
 */
export const DELIVERY_WINDOW_BYTES = 64 * 1024;
/** A ping goes out after this many bytes sent since the last one. */
const PING_EVERY_BYTES = 8 * 1024;
/** Pong payloads of this module's pings start with this (the heartbeat's pings carry none). */
const TAG = "d";

/** Counts output sent on `ws` against the pongs that come back. */
export class DeliveryTracker {
  readonly #ws: WebSocket;
  readonly #onChange: (behind: boolean) => void;
  #sent = 0;
  #delivered = 0;
  #pingedAt = 0;
  #behind = false;
  readonly #onPong = (data: Buffer) => {
    const text = data.toString("latin1");
    if (!text.startsWith(TAG)) return;
    const upTo = Number(text.slice(TAG.length));
    if (Number.isSafeInteger(upTo) && upTo > this.#delivered && upTo <= this.#sent) this.#delivered = upTo;
    this.#update();
  };

  /** `onChange(true)` when the browser falls a window behind, `onChange(false)` once it is within half of one. */
  constructor(ws: WebSocket, onChange: (behind: boolean) => void) {
    this.#ws = ws;
    this.#onChange = onChange;
    ws.on("pong", this.#onPong);
  }

  /** Counts `bytes` just handed to the socket. */
  sent(bytes: number): void {
    this.#sent += bytes;
    if (this.#sent - this.#pingedAt >= PING_EVERY_BYTES && this.#ws.readyState === this.#ws.OPEN) {
      this.#pingedAt = this.#sent;
      this.#ws.ping(Buffer.from(`${TAG}${this.#sent}`, "latin1"));
    }
    this.#update();
  }

  /** Stops listening for pongs. */
  dispose(): void {
    this.#ws.off("pong", this.#onPong);
  }

  #update(): void {
    const inFlight = this.#sent - this.#delivered;
    const behind = this.#behind ? inFlight > DELIVERY_WINDOW_BYTES / 2 : inFlight > DELIVERY_WINDOW_BYTES;
    if (behind === this.#behind) return;
    this.#behind = behind;
    this.#onChange(behind);
  }
}
