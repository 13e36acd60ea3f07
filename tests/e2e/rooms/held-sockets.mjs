// Real socket.io-client connections kept open while an xunit test acts on rooms through the gateway.
// Usage: node held-sockets.mjs <gateway url> <count> <namespaces as a JSON array>. Opens <count> Engine.IO
// connections (WebSocket), each with one socket per namespace, prints "SOCKET <json {i, namespace, id, connection}>"
// per socket and then "READY". Later prints "EVENT <json {namespace, id, event, args}>" per event received and
// "DISCONNECT <json {namespace, id, reason}>". Exits when stdin closes.
import { Manager } from "socket.io-client";

const [url, countText, namespacesJson] = process.argv.slice(2);
const count = Number(countText);
const namespaces = JSON.parse(namespacesJson);

async function open(i) {
  const manager = new Manager(url, { reconnection: false, transports: ["websocket"] });
  const sockets = namespaces.map((namespace) => manager.socket(namespace));
  await Promise.all(sockets.map((socket) => new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", (error) => reject(new Error(`connect ${JSON.stringify(socket.nsp)}: ${error.message}`)));
  })));
  sockets.forEach((socket, n) => {
    console.log(`SOCKET ${JSON.stringify({ i, namespace: namespaces[n], id: socket.id, connection: manager.engine.id })}`);
    socket.onAny((event, ...args) => console.log(`EVENT ${JSON.stringify({ namespace: namespaces[n], id: socket.id, event, args })}`));
    socket.on("disconnect", (reason) => console.log(`DISCONNECT ${JSON.stringify({ namespace: namespaces[n], id: socket.id, reason })}`));
  });
}

// Opened in waves, so that a thousand connections do not all handshake at once on a small machine.
for (let start = 0; start < count; start += 50) {
  await Promise.all(Array.from({ length: Math.min(50, count - start) }, (_, k) => open(start + k)));
}
console.log("READY");
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
setTimeout(() => process.exit(2), 180_000).unref();
