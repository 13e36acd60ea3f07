// Helpers shared by the end-to-end scripts under tests/e2e (each folder's common.mjs adds its own): the gateway
// URL from argv, a deadline so a hang fails fast, check() that prints what it verified (a failing run explains
// itself), run(), waiting for conditions, and socket.io-client connections.
import { io } from "socket.io-client";
import assert from "node:assert/strict";

/** The gateway URL, argv[2]; exits 2 with `usage` when it is missing. */
export function urlArgument(usage) {
  const url = process.argv[2];
  if (!url) {
    console.error("usage: " + usage);
    process.exit(2);
  }
  return url;
}

/** Fails the script (exit 1) with a message. */
export function fail(message) {
  console.error("FAIL: " + message);
  process.exit(1);
}

/** Fails the script if it runs longer than `ms` (a hang must not wait for the xunit timeout). */
export function failAfter(ms) {
  setTimeout(() => fail(`the script did not finish within ${ms / 1000} s`), ms).unref();
}

export function check(what, condition = true) {
  assert.ok(condition, what);
  console.log("ok - " + what);
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

/** Resolves with the arguments of the next `event` emitted by `emitter`. */
export function once(emitter, event) {
  return new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
}

/** Collects every `event` a socket receives, in order: the argument of one-argument events, else the array. */
export function collect(socket, event) {
  const received = [];
  socket.on(event, (...args) => received.push(args.length === 1 ? args[0] : args));
  return received;
}

/** Waits until `condition()` holds (polling every 20 ms), failing with `what` after `ms`. */
export async function until(what, condition, ms = 10_000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) {
      throw new Error("timed out waiting until " + what);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A new connected socket.io-client socket without reconnection (rejects with the connect_error). */
export async function connectTo(uri, options = {}) {
  const socket = io(uri, { forceNew: true, reconnection: false, ...options });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

/** The connect_error a connection attempt ends with (rejects if it connects instead). */
export async function connectErrorOf(uri, options = {}) {
  const socket = io(uri, { forceNew: true, reconnection: false, ...options });
  try {
    return await new Promise((resolve, reject) => {
      socket.once("connect", () => reject(new Error("connected, but a connect_error was expected")));
      socket.once("connect_error", resolve);
    });
  } finally {
    socket.close();
  }
}
