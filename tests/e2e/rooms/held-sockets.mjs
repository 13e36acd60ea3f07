// Real socket.io-client connections kept open while an xunit test acts on rooms through the gateway.
// Usage: node held-sockets.mjs <gateway url> <count> <namespaces as a JSON array>. Opens <count> Engine.IO
// connections (WebSocket), each with one socket per namespace, prints "SOCKET <json {i, namespace, id, connection}>"
// per socket and then "READY". Later prints "EVENT <json {namespace, id, event, args}>" per event received and
// "DISCONNECT <json {namespace, id, reason}>". A stdin line "EMIT <json {id, namespace, i, event, args}>" makes that
// socket emit the event with an ack and print "ACK <id> <json of the ack's arguments>" (or "ACK <id> ERROR <message>").
// Exits when stdin closes.
import { createInterface } from "node:readline";
import { Manager } from "socket.io-client";

const held = new Map();

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
    held.set(`${i} ${namespaces[n]}`, socket);
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
createInterface({ input: process.stdin }).on("line", async (line) => {
  if (!line.startsWith("EMIT ")) return;
  const command = JSON.parse(line.slice("EMIT ".length));
  try {
    const answer = await held.get(`${command.i} ${command.namespace}`).timeout(20_000).emitWithAck(command.event, ...command.args);
    console.log(`ACK ${command.id} ${JSON.stringify(answer)}`);
  } catch (error) {
    console.log(`ACK ${command.id} ERROR ${error.message}`);
  }
}).on("close", () => process.exit(0));
setTimeout(() => process.exit(2), 180_000).unref();
