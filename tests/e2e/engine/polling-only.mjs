// A polling-only engine.io-client: long-polling carries everything, several messages per payload included.
import { open, expectEcho, close, fail, watchdog } from "./common.mjs";

watchdog();
const socket = await open({ transports: ["polling"] });
if (socket.transport.name !== "polling") {
  fail(`transport is ${socket.transport.name}, expected polling`);
}
await expectEcho(socket, ["one", "two", "three", "€ and 𝄞"]);
const many = Array.from({ length: 200 }, (_, i) => `message ${i}`);
await expectEcho(socket, many);
console.log(`closed: ${await close(socket)}`);
