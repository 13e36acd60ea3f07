// Scale-out benchmark: `node bench.mjs URL...` against gateways of one cluster (scripts/cluster-server), the seed's
// chat app behind them. Prints broadcast deliveries/s and delivery latency p50/p99 (a client's `message` event,
// which the function forwards with io.emit to every socket on every gateway), and the cost of one cross-gateway
// operation: the `in room` event's round trip for a socket on the management gateway (answered there) against one
// on another gateway (the management gateway asks the others over Redis).
import { io } from "socket.io-client";

const urls = process.argv.slice(2);
const clients = Number(process.env.BENCH_CLIENTS ?? 60);
const messages = Number(process.env.BENCH_MESSAGES ?? 300);
const inFlight = Number(process.env.BENCH_IN_FLIGHT ?? 8);
const probes = Number(process.env.BENCH_PROBES ?? 200);

const connect = (url) => new Promise((resolve, reject) => {
  const socket = io(url + "/", { transports: ["websocket"], forceNew: true, reconnection: false });
  socket.once("connect", () => resolve(socket));
  socket.once("connect_error", reject);
});
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (value) => value.toFixed(2) + " ms";

const sockets = [];
for (let i = 0; i < clients; i += 20) {
  sockets.push(...(await Promise.all(Array.from({ length: Math.min(20, clients - i) }, (_, j) => connect(urls[(i + j) % urls.length])))));
}

// Broadcasts: every client records when each message reached it.
const latencies = [];
let delivered = 0;
const expected = messages * clients;
let allDelivered;
const done = new Promise((resolve) => (allDelivered = resolve));
for (const socket of sockets) {
  socket.on("message", (text) => {
    const match = /bench:(\d+(?:\.\d+)?)$/.exec(text);
    if (!match) return;
    latencies.push(performance.now() - Number(match[1]));
    if (++delivered === expected) allDelivered();
  });
}
const sender = sockets[0];
const warmup = 20;
for (let i = 0; i < warmup; i++) await sender.timeout(10_000).emitWithAck("message", "warmup");
const started = performance.now();
let next = 0;
await Promise.all(Array.from({ length: inFlight }, async () => {
  while (next < messages) {
    next++;
    await sender.timeout(30_000).emitWithAck("message", "bench:" + performance.now());
  }
}));
await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${delivered} of ${expected} deliveries`)), 60_000))]);
const seconds = (performance.now() - started) / 1000;
console.log(`gateways=${urls.length} clients=${clients} broadcasts=${messages} deliveries=${delivered}`);
console.log(`broadcast deliveries/s: ${Math.round(delivered / seconds)}`);
console.log(`delivery latency: p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`);

// One socket's operation: local to the management gateway (urls[0]) or on another one.
async function roundTrips(socket) {
  const times = [];
  for (let i = 0; i < probes; i++) {
    const t = performance.now();
    await socket.timeout(10_000).emitWithAck("in room", "bench-room");
    times.push(performance.now() - t);
  }
  return times;
}
const local = await roundTrips(sockets[0]);
console.log(`'in room' for a socket on the management gateway: p50 ${ms(percentile(local, 50))}, p99 ${ms(percentile(local, 99))}`);
if (urls.length > 1) {
  const remote = await roundTrips(sockets[1]);
  console.log(`'in room' for a socket on another gateway:        p50 ${ms(percentile(remote, 50))}, p99 ${ms(percentile(remote, 99))}`);
  console.log(`cost per cross-gateway operation (p50 difference): ${ms(percentile(remote, 50) - percentile(local, 50))}`);
}
for (const socket of sockets) socket.close();
process.exit(0);
