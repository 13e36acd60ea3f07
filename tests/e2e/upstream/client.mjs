// The real socket.io-client against the gateway whose upstream is a fake function app (driven by
// tests/SocketIO.Serverless.Gateway.Tests/Upstream). Usage: node client.mjs <gateway url> <scenario> <marker> [transport]
// Each scenario checks what the client sees and exits 0; the C# test checks what the functions received.
import { io } from "socket.io-client";

const [url, scenario, marker, transport] = process.argv.slice(2);
const transports = transport ? [transport] : ["polling", "websocket"];

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

setTimeout(() => fail(`scenario ${scenario} did not finish within 25 s`), 25000).unref();

function connect(namespace, options = {}) {
  const socket = io(url + namespace, { transports, auth: { marker }, forceNew: true, reconnection: false, ...options });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => reject(err));
  });
}

function connectError(namespace, options = {}) {
  const socket = io(url + namespace, { transports, auth: { marker }, forceNew: true, reconnection: false, ...options });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => reject(new Error(`${namespace} connected but should have been refused`)));
    socket.once("connect_error", (err) => {
      socket.close();
      resolve(err);
    });
  });
}

// Disconnects the sockets (all of one Engine.IO connection) and waits until the connection is closed, so the
// DISCONNECT packets have been flushed to the gateway before the script exits.
async function disconnectAll(...sockets) {
  const closed = new Promise((resolve) => sockets[0].io.engine.once("close", resolve));
  for (const socket of sockets) socket.disconnect();
  await closed;
}

function expectEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

const scenarios = {
  // Ordered events, an ack, an event nobody handles, a binary ack, an event with spaces in /admin.
  async events() {
    const socket = await connect("/");
    socket.emit("first", 1);
    socket.emit("nohandler", "dropped");
    socket.emit("second", { two: 2 });
    expectEqual(await socket.emitWithAck("message", "hi"), "got: hi", "ack of message");
    const bytes = await socket.emitWithAck("file", Buffer.from([1, 2, 3]));
    expectEqual([...bytes], [3, 2, 1], "binary ack of file");
    // /admin multiplexed on the same Engine.IO connection as "/".
    const admin = socket.io.socket("/admin", { auth: { marker } }); // connects on creation (autoConnect)
    await new Promise((resolve, reject) => { admin.once("connect", resolve); admin.once("connect_error", reject); });
    expectEqual(await admin.emitWithAck("admin command", { x: 1 }), { ok: true, command: { x: 1 } }, "ack of admin command");
    console.log(`SOCKET ${socket.id} ${admin.id}`);
    await disconnectAll(admin, socket);
  },

  // Rejections: the function's {message, data}; a failing, a slow and an unreachable connect handler.
  async rejects() {
    const refused = await connectError("/admin", { auth: { marker, token: "bad" } });
    expectEqual(refused.message, "未授权", "message of the rejection");
    expectEqual(refused.data, { reason: "bad token" }, "data of the rejection");
    const broken = await connectError("/broken");
    if (!/Server error/.test(broken.message)) fail(`failing connect handler gave "${broken.message}"`);
    const slow = await connectError("/slow");
    if (!/timed out/.test(slow.message)) fail(`slow connect handler gave "${slow.message}"`);
    const down = await connectError("/", { path: "/clients/socketio/hubs/down/" });
    if (!/unreachable/.test(down.message)) fail(`unreachable connect handler gave "${down.message}"`);
    const unknown = await connectError("/nowhere");
    expectEqual(unknown.message, "Invalid namespace", "unknown namespace");
  },

  // A crashing and a hanging function: the socket keeps working and its events stay in order.
  async failures() {
    const socket = await connect("/");
    socket.emit("crash", 1);
    socket.emit("hang", 2);
    expectEqual(await socket.emitWithAck("message", "still here"), "got: still here", "ack after failures");
    await disconnectAll(socket);
  },

  // socket.data as ce-connectionState, set on connect and changed by an event.
  async state() {
    const socket = await connect("/state");
    expectEqual(await socket.emitWithAck("message", "a"), "got: a", "first ack");
    expectEqual(await socket.emitWithAck("message", "b"), "got: b", "second ack");
    await disconnectAll(socket);
  },

  // The function answers "ask" by asking this very client (management emitWithAck) while the event is in flight.
  async ask() {
    const socket = await connect("/");
    socket.on("question", (question, callback) => callback(`answer to ${question}`));
    expectEqual(await socket.emitWithAck("ask", "why?"), "answer to why?", "ack of ask");
    await disconnectAll(socket);
  },
};

const run = scenarios[scenario];
if (!run) fail(`unknown scenario ${scenario}`);
try {
  await run();
  console.log("OK");
  process.exit(0);
} catch (err) {
  fail(err?.stack ?? String(err));
}
