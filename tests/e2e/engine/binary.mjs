// Binary echo with engine.io-client over each transport: Buffers, typed arrays and ArrayBuffers round-trip
// byte for byte (WebSocket binary frames; polling "b" + base64 records), mixed with text.
import { open, expectEcho, close, watchdog } from "./common.mjs";

watchdog(30000);
const payloads = [
  Buffer.from([1, 2, 3, 4]),
  "text between",
  new Uint8Array([0, 255, 128, 7]),
  new Uint8Array([9, 8, 7, 6, 5]).buffer,
  Buffer.alloc(0),
  Buffer.alloc(70_000, 0xab),
];
for (const transports of [["websocket"], ["polling"], ["polling", "websocket"]]) {
  const socket = await open({ transports });
  await expectEcho(socket, payloads);
  await close(socket);
}
console.log("binary echo ok over websocket, polling and upgrade");
