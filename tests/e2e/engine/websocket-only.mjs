// A WebSocket-only engine.io-client: opens directly over WebSocket (no polling) and gets its text echoed.
import { open, expectEcho, close, fail, watchdog } from "./common.mjs";

watchdog();
const socket = await open({ transports: ["websocket"] });
if (socket.transport.name !== "websocket") {
  fail(`transport is ${socket.transport.name}, expected websocket`);
}
await expectEcho(socket, ["hello", "héllo €𝄞", "x".repeat(100_000)]);
console.log(`closed: ${await close(socket)}`);
