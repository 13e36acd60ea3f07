// Helpers of the connection state recovery scripts (docs/recovery.md): `node <script> GATEWAY_URL [args...]` against a
// gateway with SocketIO:ConnectionStateRecovery:Enabled and the in-process test application. Shared ones in ../lib.mjs.
import { io } from "socket.io-client";
import { urlArgument, failAfter } from "../lib.mjs";

export { io };
export { check, once, run, until, connectTo } from "../lib.mjs";

export const url = urlArgument("node <script> GATEWAY_URL [args...]");

failAfter(40_000);

/** Emits with an ack and resolves with the ack's first argument (rejects after 5 s). */
export function ack(socket, event, ...args) {
  return new Promise((resolve, reject) =>
    socket.timeout(5000).emit(event, ...args, (error, answer) => (error ? reject(error) : resolve(answer))),
  );
}

/** A recovering client: reconnects by itself, quickly; the offset is the last argument of every event it receives. */
export function recoveringClient(options = {}) {
  return io(url, { forceNew: true, transports: ["websocket"], reconnectionDelay: 50, reconnectionDelayMax: 100, ...options });
}

/** Every `news` text a socket receives, in order (without the offset recovery appends). */
export function newsOf(socket) {
  const texts = [];
  socket.on("news", (text) => texts.push(text));
  return texts;
}

/**
 * Drops the client's transport as a network failure would (the server sees "transport close"), with reconnection
 * held until `reconnect()` is called, so the test decides what happens while it is away.
 */
export async function drop(socket) {
  socket.io.reconnection(false);
  const gone = new Promise((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
  socket.io.engine.close();
  const reason = await gone;
  return {
    reason,
    reconnect: () => {
      socket.io.reconnection(true);
      const back = new Promise((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      socket.connect();
      return back;
    },
  };
}
