// `node contract.mjs URL`: the contract of scripts/bench-server (and of bench/node/server.js) with the real
// socket.io-client, over both transports: `echo` acks its own arguments (all of them), `broadcast` emits `bcast`
// with its first argument to every socket of "/" (the sender's own included), `bench:stats` acks {rss, heapUsed}.
import assert from "node:assert/strict";
import { io } from "socket.io-client";

const url = process.argv[2];
if (!url) {
  console.error("usage: node contract.mjs URL");
  process.exit(2);
}

function connect(transports) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { forceNew: true, reconnection: false, transports });
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

const a = await connect(["websocket"]);
const b = await connect(["polling"]);
try {
  // emitWithAck resolves with the first argument only; the callback form sees every one.
  const echoed = await new Promise((resolve) => a.timeout(10_000).emit("echo", "text", { n: 1, list: [true, null] }, 42, (error, ...args) => resolve({ error, args })));
  assert.equal(echoed.error, null);
  assert.deepEqual(echoed.args, ["text", { n: 1, list: [true, null] }, 42]);
  assert.equal(await b.timeout(10_000).emitWithAck("echo", "over polling"), "over polling");

  const received = Promise.all([a, b].map((socket) => new Promise((resolve) => socket.once("bcast", (...args) => resolve(args)))));
  a.emit("broadcast", { seq: 7 }, "ignored");
  assert.deepEqual(await received, [[{ seq: 7 }], [{ seq: 7 }]]);

  const stats = await b.timeout(30_000).emitWithAck("bench:stats");
  assert.ok(Number.isInteger(stats.rss) && stats.rss > 0, `rss ${JSON.stringify(stats)}`);
  assert.ok(Number.isInteger(stats.heapUsed) && stats.heapUsed > 0 && stats.heapUsed < stats.rss, `heapUsed ${JSON.stringify(stats)}`);
  console.log("bench-server contract ok:", JSON.stringify(stats));
} finally {
  a.close();
  b.close();
}
