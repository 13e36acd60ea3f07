// `node warm-up.mjs GATEWAY_URL`: waits until the serverless conformance server answers, and runs every function
// once (connect and connected of "/" and "/custom", message with binary, message-with-ack). The official suite
// allows 300 ms between the Engine.IO handshake and the first ping, less than a cold worker's first invocations.
// Retries until everything answered (the gateway may still be starting; a cold connect may time out); fails after 120 s.
import { io } from "socket.io-client";

const url = process.argv[2];
if (!url) {
  console.error("usage: node warm-up.mjs GATEWAY_URL");
  process.exit(2);
}

const deadline = Date.now() + 120_000;

function attempt(path) {
  return new Promise((resolve, reject) => {
    const socket = io(url + path, { forceNew: true, reconnection: false, transports: ["websocket"], auth: { warmUp: true } });
    const fail = (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    };
    // A cold connect may outlast the server's connectTimeout (1 s), which closes the connection: try again.
    const timer = setTimeout(() => fail(new Error("no answer within 15 s")), 15_000);
    socket.once("connect_error", fail);
    socket.once("disconnect", (reason) => fail(new Error("disconnected: " + reason)));
    socket.once("auth", async () => {
      try {
        if (path === "/") {
          const back = new Promise((done) => socket.once("message-back", done));
          socket.emit("message", "warm-up", Buffer.from([1]));
          await socket.timeout(10_000).emitWithAck("message-with-ack", "warm-up");
          await back;
        }
        clearTimeout(timer);
        socket.off("disconnect");
        socket.close();
        resolve();
      } catch (error) {
        fail(error);
      }
    });
  });
}

async function warm(path) {
  for (;;) {
    try {
      return await attempt(path);
    } catch (error) {
      console.error(`warm-up: ${path}: ${error?.message ?? error}; trying again`);
      if (Date.now() > deadline) {
        throw new Error(`the server did not answer on ${path} within 120 s: ${error?.message ?? error}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

try {
  await warm("/");
  await warm("/custom");
  process.exit(0);
} catch (error) {
  console.error("warm-up failed:", error?.message ?? error);
  process.exit(1);
}
