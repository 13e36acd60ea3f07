// What connection state recovery's packet buffer costs (docs/recovery.md): `node recovery-memory.mjs URL RATE SECONDS
// WINDOW_MS` broadcasts RATE packets a second (a 100-character text each, to every socket of "/") for SECONDS
// through the bench application, then prints the gateway's heap after a full collection (bench:stats) as
// "heap-bytes=N packets=M". Run against a gateway with recovery off and on (scripts/bench-recovery does both).
import { io } from "socket.io-client";

const [url, rate = "1000", seconds = "12"] = process.argv.slice(2);
const socket = io(url, { forceNew: true, transports: ["websocket"] });
await new Promise((resolve, reject) => {
  socket.once("connect", resolve);
  socket.once("connect_error", reject);
});
let received = 0;
socket.on("bcast", () => received++);
const stats = () => socket.timeout(30_000).emitWithAck("bench:stats");
const before = await stats();
const text = "x".repeat(100);
const total = Number(rate) * Number(seconds);
const started = Date.now();
let sent = 0;
while (sent < total) {
  const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * Number(rate)));
  for (; sent < due; sent++) socket.emit("broadcast", text);
  await new Promise((resolve) => setTimeout(resolve, 10));
}
while (received < total) await new Promise((resolve) => setTimeout(resolve, 20));
const after = await stats();
console.log(`heap-before=${before.heapUsed} heap-bytes=${after.heapUsed} packets=${total} seconds=${(Date.now() - started) / 1000}`);
socket.close();
