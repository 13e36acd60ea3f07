// Shared helpers of the Engine.IO end-to-end scripts: the real engine.io-client against the gateway's raw echo.
import { Socket } from "engine.io-client";
import { fail, failAfter } from "../lib.mjs";

export { fail };

/** The base URL (argv[2]) and path (argv[3], default /engine.io/) of the echo endpoint. */
export function target() {
  const url = process.argv[2];
  if (!url) {
    throw new Error("usage: node <script> <base url> [path]");
  }
  return { url, path: process.argv[3] ?? "/engine.io/" };
}

/** Arms a watchdog so a hang is a failure, not a stuck test. */
export function watchdog(ms = 20000) {
  failAfter(ms);
}

/** Opens a socket with the given options and resolves once it is open. */
export function open(options) {
  const { url, path } = target();
  const socket = new Socket(url, { path, ...options });
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve(socket));
    socket.once("error", (err) => reject(new Error(`connect failed: ${err?.message ?? err}`)));
  });
}

/** Resolves with the next `count` messages the socket receives. */
export function nextMessages(socket, count) {
  return new Promise((resolve) => {
    const received = [];
    const onMessage = (data) => {
      received.push(data);
      if (received.length === count) {
        socket.off("message", onMessage);
        resolve(received);
      }
    };
    socket.on("message", onMessage);
  });
}

/** Sends each payload and checks the echo gives them back identical and in order. */
export async function expectEcho(socket, payloads) {
  const echoed = nextMessages(socket, payloads.length);
  for (const payload of payloads) {
    socket.send(payload);
  }
  const received = await echoed;
  payloads.forEach((sent, i) => {
    const got = received[i];
    if (typeof sent === "string") {
      if (got !== sent) {
        fail(`message ${i}: sent ${JSON.stringify(sent)}, got ${JSON.stringify(got)}`);
      }
    } else {
      const expected = Buffer.from(sent instanceof ArrayBuffer ? new Uint8Array(sent) : sent);
      if (typeof got === "string" || !Buffer.from(got).equals(expected)) {
        fail(`binary message ${i}: sent ${expected.toString("hex")}, got ${typeof got === "string" ? JSON.stringify(got) : Buffer.from(got).toString("hex")}`);
      }
    }
  });
  console.log(`echoed ${payloads.length} messages over ${socket.transport.name}`);
}

/** Closes the socket and resolves when the client reports it closed. */
export function close(socket) {
  return new Promise((resolve) => {
    socket.once("close", (reason) => resolve(reason));
    socket.close();
  });
}
