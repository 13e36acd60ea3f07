// The official @azure/web-pubsub client (WebPubSubServiceClient, from a connection string) against the gateway's
// management API, observed by real socket.io-client sockets in the same script.
// Usage: node webpubsub-client.mjs <gateway url> <connection string>
import { io } from "socket.io-client";
import { WebPubSubServiceClient } from "@azure/web-pubsub";

const [url, connectionString] = process.argv.slice(2);

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

setTimeout(() => fail("no result within 25 s"), 25000).unref();

const base64url = (text) => Buffer.from(text, "utf8").toString("base64url");
const group = (namespace, room) => `0~${base64url(namespace)}~${room === undefined ? "" : base64url(room)}`;

function connect(namespace) {
  const socket = io(url + namespace, { forceNew: true, reconnection: false, transports: ["websocket"] });
  const messages = [];
  const waiters = [];
  socket.on("message", (text) => {
    messages.push(text);
    waiters.splice(0).forEach((resolve) => resolve());
  });
  // The next message not yet consumed, in order.
  socket.nextMessage = async () => {
    while (messages.length === 0) await new Promise((resolve) => waiters.push(resolve));
    return messages.shift();
  };
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

function expectEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  console.log(`ok: ${what}`);
}

try {
  const alice = await connect("/");
  const bob = await connect("/");
  const aliceId = alice.io.engine.id;
  const bobId = bob.io.engine.id;
  const service = new WebPubSubServiceClient(connectionString, "hub", { allowInsecureConnection: true });
  const room = service.group(group("/", "room 1"));

  await room.addConnection(aliceId);
  await room.sendToAll('42["message","to the room"]', { contentType: "text/plain" });
  expectEqual(await alice.nextMessage(), "to the room", "a group send reaches the member");

  await service.sendToAll('42["message","to everyone"]', { contentType: "text/plain" });
  expectEqual(await bob.nextMessage(), "to everyone", "a hub send reaches the non-member, which got nothing from the room");
  expectEqual(await alice.nextMessage(), "to everyone", "a hub send reaches the member");

  const members = [];
  for await (const member of await room.listConnections()) members.push(member.connectionId);
  expectEqual(members, [aliceId], "the room lists its one connection");

  expectEqual(await service.connectionExists(aliceId), true, "an open connection exists");
  expectEqual(await service.connectionExists("no-such-connection"), false, "an unknown connection does not");
  expectEqual(await service.groupExists(group("/", "room 1")), true, "a room with a member exists");

  await service.addConnectionsToGroups([group("/", "room 2")], `connectionId eq '${bobId}'`);
  await service.group(group("/", "room 2")).sendToAll('42["message","to room 2"]', { contentType: "text/plain" });
  expectEqual(await bob.nextMessage(), "to room 2", "a filtered addToGroups joined bob");

  await service.sendToAll('42["message","not alice"]', { contentType: "text/plain", filter: `not ('${group("/", "room 1")}' in groups)` });
  await service.sendToConnection(aliceId, '42["message","only alice"]', { contentType: "text/plain" });
  expectEqual(await bob.nextMessage(), "not alice", "a filtered hub send skips the room's member");
  expectEqual(await alice.nextMessage(), "only alice", "a connection send reaches it, and alice missed the filtered one");

  await room.removeConnection(aliceId);
  expectEqual(await service.groupExists(group("/", "room 1")), false, "the room is empty once alice left");

  const bobGone = new Promise((resolve) => bob.once("disconnect", resolve));
  await service.closeConnection(bobId, { reason: "bye" });
  await bobGone;
  expectEqual(await service.connectionExists(bobId), false, "a closed connection no longer exists");

  const intruder = new WebPubSubServiceClient(`Endpoint=${url};AccessKey=wrong-key;Version=1.0;`, "hub", { allowInsecureConnection: true });
  try {
    await intruder.sendToAll('42["message","nope"]', { contentType: "text/plain" });
    fail("a token signed with the wrong key was accepted");
  } catch (err) {
    expectEqual(err.statusCode, 401, "a token signed with the wrong key is refused");
  }

  alice.disconnect();
  console.log("OK");
  process.exit(0);
} catch (err) {
  fail(err?.stack ?? String(err));
}
