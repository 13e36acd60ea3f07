// Helpers shared by the Socket.IO end-to-end scripts: the gateway URL from argv, waiting with a deadline,
// and a check() that prints what it verified so a failing run explains itself.
import { io, Manager } from "socket.io-client";
import assert from "node:assert/strict";

export { io, Manager, assert };

export const url = process.argv[2];
if (!url) {
  console.error("usage: node <script> GATEWAY_URL [args...]");
  process.exit(2);
}

/** Fails the script if it runs longer than this (a hang must not wait for the xunit timeout). */
const deadline = setTimeout(() => {
  console.error("FAIL: the script did not finish within 30 s");
  process.exit(1);
}, 30_000);
deadline.unref();

export function check(what, condition = true) {
  assert.ok(condition, what);
  console.log("ok - " + what);
}

/** Resolves with the arguments of the next `event` emitted by `emitter`. */
export function once(emitter, event) {
  return new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
}

/** A connected socket (rejects on connect_error). */
export async function connect(path = "/", options = {}) {
  const socket = io(url + path, { forceNew: true, reconnection: false, ...options });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

/** Collects every `event` a socket receives, in order. */
export function collect(socket, event) {
  const received = [];
  socket.on(event, (...args) => received.push(args.length === 1 ? args[0] : args));
  return received;
}

/** Runs the script's main function, exits 0 on success and 1 with the error otherwise. */
export function run(main) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error("FAIL:", error?.stack ?? error);
      process.exit(1);
    },
  );
}

/** Emits with an ack callback and resolves with all the ack's arguments (rejects after 5 s without one). */
export function ackOf(socket, event, ...args) {
  return new Promise((resolve, reject) =>
    socket.timeout(5000).emit(event, ...args, (error, ...answer) => (error ? reject(error) : resolve(answer))),
  );
}

/** JSON equality, for plain data. */
export function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
