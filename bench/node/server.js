// The Node reference of the benchmark (docs/benchmarks.md): the same application as scripts/bench-server, on
// socket.io's default options. Usage: node --expose-gc server.js PORT
"use strict";
const http = require("http");
const { Server } = require("socket.io");

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error("usage: node --expose-gc server.js PORT");
  process.exit(2);
}

const server = http.createServer();
const io = new Server(server);
io.on("connection", (socket) => {
  socket.on("echo", (...args) => {
    const ack = args.pop();
    if (typeof ack === "function") ack(...args);
  });
  socket.on("broadcast", (data) => io.emit("bcast", data));
  socket.on("bench:stats", (ack) => {
    if (global.gc) global.gc();
    const memory = process.memoryUsage();
    if (typeof ack === "function") ack({ rss: memory.rss, heapUsed: memory.heapUsed });
  });
});

server.listen(port, "127.0.0.1", () => console.log(`Bench server ready (node): http://127.0.0.1:${port}`));
const stop = () => { io.close(); server.close(() => process.exit(0)); setTimeout(() => process.exit(0), 2000).unref(); };
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
