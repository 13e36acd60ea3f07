// A socket.io-client that stays connected to "/" and "/admin" (one Engine.IO connection) while an xunit test drives
// the management API, printing what it gets so the test can wait for lines.
// Usage: node held-client.mjs <gateway url>. Prints "READY <connectionId> <socketId> <adminSocketId>", then
// "EVENT <namespace> <event> <json args>" per event, answers "question" with its ack, and "DISCONNECT <namespace>
// <reason>" when a socket is disconnected. Exits when stdin closes or "/" is disconnected by the server.
import { io } from "socket.io-client";

const url = process.argv[2];
const root = io(url, { reconnection: false, transports: ["websocket"] });
const admin = root.io.socket("/admin");

function watch(socket, namespace) {
  socket.onAny((event, ...args) => console.log(`EVENT ${namespace} ${event} ${JSON.stringify(args.map((arg) => (Buffer.isBuffer(arg) ? { bytes: [...arg] } : arg)))}`));
  socket.on("question", (question, callback) => callback(`answer to ${question}`));
  socket.on("disconnect", (reason) => {
    console.log(`DISCONNECT ${namespace} ${reason}`);
    if (namespace === "/" && reason === "io server disconnect") process.exit(0);
  });
}

watch(root, "/");
watch(admin, "/admin");
await Promise.all([root, admin].map((socket) => new Promise((resolve, reject) => {
  if (socket.connected) resolve();
  socket.once("connect", resolve);
  socket.once("connect_error", reject);
})));
console.log(`READY ${root.io.engine.id} ${root.id} ${admin.id}`);
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
setTimeout(() => process.exit(2), 60000).unref();
