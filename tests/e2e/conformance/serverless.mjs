// `node serverless.mjs GATEWAY_URL [websocket|polling]`: the behaviour the official Socket.IO v5 suite expects of its
// reference server, checked with the real client against `scripts/conformance-server --serverless` (the suite itself
// is not in the repository): "auth" with the handshake's auth payload on "/" and "/custom", "message" echoed as
// "message-back" (binary included), "message-with-ack" acked with its arguments, unknown namespaces refused.
import { io, url, transport, connectError, check, run, assert } from "../chat/common.mjs";

/** Connects to `path`, resolving with the socket and the arguments of the "auth" event it receives first. */
async function connectForAuth(path, auth) {
  const socket = io(url + path, { forceNew: true, reconnection: false, transports: [transport], ...(auth ? { auth } : {}) });
  // Listening before the CONNECT answer: over polling, CONNECT and the "auth" EVENT may come in one payload.
  const authArguments = new Promise((resolve) => socket.once("auth", (...args) => resolve(args)));
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return { socket, auth: await authArguments };
}

const bytes = (value) => [...Buffer.from(value)];

run(async () => {
  for (const [path, auth] of [["/", undefined], ["/", { token: "123" }], ["/custom", undefined], ["/custom", { token: "abc", n: [1, { x: null }] }]]) {
    const { socket, auth: received } = await connectForAuth(path, auth);
    assert.deepEqual(received, [auth ?? {}]);
    check(`${path} emits "auth" with ${auth ? JSON.stringify(auth) : "no payload ({})"}`);
    socket.close();
  }

  const { socket } = await connectForAuth("/");

  const back = new Promise((resolve) => socket.once("message-back", (...args) => resolve(args)));
  socket.emit("message", 1, "2", { 3: [true] }, Buffer.from([1, 2, 3]), { nested: Buffer.from([4, 5]) });
  const [n, s, o, buffer, nested] = await back;
  assert.deepEqual([n, s, o], [1, "2", { 3: [true] }]);
  assert.ok(Buffer.isBuffer(buffer) || buffer instanceof ArrayBuffer, "the binary argument comes back as binary");
  assert.deepEqual(bytes(buffer), [1, 2, 3]);
  assert.deepEqual(bytes(nested.nested), [4, 5]);
  check("message comes back as message-back with every argument, binary included");

  const acked = await new Promise((resolve, reject) => {
    socket.timeout(10_000).emit("message-with-ack", 1, "2", { 3: [false] }, Buffer.from([6]), (error, ...args) => (error ? reject(error) : resolve(args)));
  });
  assert.deepEqual(acked.slice(0, 3), [1, "2", { 3: [false] }]);
  assert.deepEqual(bytes(acked[3]), [6]);
  check("message-with-ack is acked with its arguments, binary included");

  const refused = await connectError("/random");
  check('an unknown namespace is refused with "Invalid namespace"', refused.message === "Invalid namespace");

  check("the socket still works", (await socket.timeout(10_000).emitWithAck("message-with-ack", "last")) === "last");
  socket.close();
});
