// The default engine.io-client: opens over polling, then upgrades to WebSocket; messages flow before and after.
import { open, expectEcho, close, fail, watchdog } from "./common.mjs";

watchdog();
const socket = await open({});
if (socket.transport.name !== "polling") {
  fail(`first transport is ${socket.transport.name}, expected polling`);
}
const upgraded = new Promise((resolve) => socket.once("upgrade", (transport) => resolve(transport.name)));
// Sent while the upgrade runs: nothing may be lost or reordered.
const during = expectEcho(socket, ["before 1", "before 2"]);
const name = await upgraded;
await during;
if (name !== "websocket" || socket.transport.name !== "websocket") {
  fail(`upgraded to ${name}, transport now ${socket.transport.name}`);
}
await expectEcho(socket, ["after 1", "after 2"]);
console.log(`closed: ${await close(socket)}`);
