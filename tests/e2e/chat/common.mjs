// Helpers of the chat end-to-end scripts: `node <script> GATEWAY_URL TRANSPORT` against the gateway with the
// seed's function app behind it. The shared ones are in ../lib.mjs.
import { io } from "socket.io-client";
import assert from "node:assert/strict";
import { urlArgument, failAfter, connectTo, connectErrorOf } from "../lib.mjs";

export { io, assert };
export { check, collect, until, run } from "../lib.mjs";

export const url = urlArgument("node <script> GATEWAY_URL [websocket|polling]");
export const transport = process.argv[3] ?? "websocket";

// Every step waits for a condition; this only bounds a hang so it fails fast with a message.
failAfter(45_000);

/** A connected socket on the chosen transport (rejects with the connect_error). */
export function connect(path = "/", options = {}) {
  return connectTo(url + path, { transports: [transport], ...options });
}

/** The connect_error a connection attempt on the chosen transport ends with. */
export function connectError(path, options = {}) {
  return connectErrorOf(url + path, { transports: [transport], ...options });
}

/** Emits with an ack and resolves with the ack's first argument (rejects after 10 s). */
export function ask(socket, event, ...args) {
  return socket.timeout(10_000).emitWithAck(event, ...args);
}
