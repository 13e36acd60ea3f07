// Helpers of the chat end-to-end scripts: `node <script> GATEWAY_URL TRANSPORT` against the gateway with the
// seed's function app behind it. check() prints what it verified, so a failing run explains itself.
import { io } from "socket.io-client";
import assert from "node:assert/strict";

export { io, assert };

export const url = process.argv[2];
export const transport = process.argv[3] ?? "websocket";
if (!url) {
  console.error("usage: node <script> GATEWAY_URL [websocket|polling]");
  process.exit(2);
}

// Every step waits for a condition; this only bounds a hang so it fails fast with a message.
const deadline = setTimeout(() => {
  console.error("FAIL: the script did not finish within 45 s");
  process.exit(1);
}, 45_000);
deadline.unref();

export function check(what, condition = true) {
  assert.ok(condition, what);
  console.log("ok - " + what);
}

/** A connected socket on the chosen transport (rejects with the connect_error). */
export async function connect(path = "/", options = {}) {
  const socket = io(url + path, { forceNew: true, reconnection: false, transports: [transport], ...options });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

/** The connect_error a connection attempt ends with. */
export async function connectError(path, options = {}) {
  const socket = io(url + path, { forceNew: true, reconnection: false, transports: [transport], ...options });
  try {
    return await new Promise((resolve, reject) => {
      socket.once("connect", () => reject(new Error("connected, but a connect_error was expected")));
      socket.once("connect_error", resolve);
    });
  } finally {
    socket.close();
  }
}

/** Emits with an ack and resolves with the ack's first argument (rejects after 10 s). */
export function ask(socket, event, ...args) {
  return socket.timeout(10_000).emitWithAck(event, ...args);
}

/** Collects every `event` a socket receives. */
export function collect(socket, event) {
  const received = [];
  socket.on(event, (value) => received.push(value));
  return received;
}

/** Waits until `condition()` holds (polling every 20 ms), failing with `what` after 10 s. */
export async function until(what, condition) {
  const end = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > end) {
      throw new Error("timed out waiting until " + what);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function run(main) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error("FAIL:", error?.stack ?? error);
      process.exit(1);
    },
  );
}
