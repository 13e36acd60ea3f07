// Helpers of the Socket.IO end-to-end scripts: `node <script> GATEWAY_URL [args...]` against the gateway with
// the in-process test application. The shared ones are in ../lib.mjs.
import { io, Manager } from "socket.io-client";
import assert from "node:assert/strict";
import { urlArgument, failAfter, connectTo } from "../lib.mjs";

export { io, Manager, assert };
export { check, collect, once, run } from "../lib.mjs";

export const url = urlArgument("node <script> GATEWAY_URL [args...]");

failAfter(30_000);

/** A connected socket (rejects on connect_error). */
export function connect(path = "/", options = {}) {
  return connectTo(url + path, options);
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
