// The seed's chat features with the sockets that must see each other on different gateways: alice on the second
// gateway, bob on the third, carol on the first (the management endpoint), so every function's call to the first
// gateway must reach sockets that only Redis connects it to.
import { connect, ask, collect, until, check, run, assert } from "./common.mjs";

run(async () => {
  const alice = await connect(1);
  const bob = await connect(2);
  const carol = await connect(0);
  const toAlice = collect(alice, "message");
  const toBob = collect(bob, "message");
  const toCarol = collect(carol, "message");

  // io.emit from a function called by gateway 2: delivered on every gateway
  check("message is acked", (await ask(alice, "message", "你好")) === "消息已收到");
  await until("everyone got the forwarded message", () => [toAlice, toBob, toCarol].every((got) => got.includes("服务器转发：你好")));
  check("a broadcast reaches the sockets of every gateway");

  // socket.join by socket id for sockets on gateways 2 and 3; counts and member lists gathered from all gateways
  const room = "room-" + Math.random().toString(36).slice(2);
  check("join on gateway 2 acks the member count", (await ask(alice, "join", room)) === 1);
  check("join on gateway 3 counts two", (await ask(bob, "join", room)) === 2);
  check("a socket on gateway 1 joins another room", (await ask(carol, "join", room + "-2")) === 1);
  const members = await ask(carol, "members", room);
  assert.deepEqual([...members].sort(), [alice.id, bob.id].sort());
  check("members lists the sockets of the room on every gateway");
  check("in room is true for a member on another gateway", (await ask(alice, "in room", room)) === true);
  check("in room is false for a non-member", (await ask(carol, "in room", room)) === false);

  // socket.to(room).emit: the room on every gateway, not the sender
  bob.emit("room message", { room, text: "to the room" });
  await until("alice (another gateway) got the room message", () => toAlice.includes("to the room"));
  await ask(bob, "message", "barrier-1");
  await until("the barrier reached everyone", () => [toAlice, toBob, toCarol].every((got) => got.includes("服务器转发：barrier-1")));
  check("room message reaches the room only, not the sender", !toBob.includes("to the room") && !toCarol.includes("to the room"));

  // socket.to([rooms]).emit: each socket once, whatever gateway
  await ask(alice, "join", room + "-2");
  carol.emit("rooms message", { rooms: [room, room + "-2"], text: "to both rooms" });
  await until("alice and bob got the rooms message", () => toAlice.includes("to both rooms") && toBob.includes("to both rooms"));
  await ask(bob, "message", "barrier-2");
  await until("the second barrier reached everyone", () => [toAlice, toBob, toCarol].every((got) => got.includes("服务器转发：barrier-2")));
  check("rooms message reaches each socket once, not the sender",
    toAlice.filter((m) => m === "to both rooms").length === 1 && !toCarol.includes("to both rooms"));

  // socket.broadcast.emit: every gateway, except the sender
  alice.emit("announce", "hello others");
  await until("bob and carol got the announcement", () => toBob.includes("hello others") && toCarol.includes("hello others"));
  await ask(alice, "message", "barrier-3");
  await until("the third barrier reached alice", () => toAlice.includes("服务器转发：barrier-3"));
  check("announce reaches every gateway's sockets but the sender", !toAlice.includes("hello others"));

  // leave by socket id on another gateway
  check("leave acks the remaining count", (await ask(bob, "leave", room)) === 1);
  check("in room is false after leaving", (await ask(bob, "in room", room)) === false);

  // binary across gateways
  const filesToBob = collect(bob, "file");
  const filesToCarol = collect(carol, "file");
  const filesToAlice = collect(alice, "file");
  const bytes = Buffer.from([0, 1, 2, 250, 251, 255]);
  check("file acks the byte count", (await ask(alice, "file", bytes)) === bytes.length);
  await until("bob and carol got the file", () => filesToBob.length === 1 && filesToCarol.length === 1);
  check("the sockets of other gateways get the same bytes",
    Buffer.compare(Buffer.from(filesToBob[0]), bytes) === 0 && Buffer.compare(Buffer.from(filesToCarol[0]), bytes) === 0);
  check("the sender does not get its own file", filesToAlice.length === 0);

  // emitWithAck for a socket on gateway 3 while the function called gateway 1: the answer comes back through Redis
  bob.on("question", (question, answer) => answer({ answer: "42", to: question }));
  assert.deepEqual(await ask(bob, "ask", "life?"), { answer: "42", to: "life?" });
  check("a server-to-client ack is routed back from another gateway");

  // the order of one socket's events: 50 broadcasts from one sender arrive in order on every gateway
  const ordered = [];
  const orderedCarol = [];
  alice.on("message", (m) => m.startsWith("服务器转发：seq-") && ordered.push(m));
  carol.on("message", (m) => m.startsWith("服务器转发：seq-") && orderedCarol.push(m));
  for (let i = 0; i < 50; i++) bob.emit("message", "seq-" + i);
  await until("the 50 messages arrived", () => ordered.length === 50 && orderedCarol.length === 50, 20_000);
  const expected = Array.from({ length: 50 }, (_, i) => "服务器转发：seq-" + i);
  // The function invocations of one socket run in order, so their broadcasts are published in order.
  assert.deepEqual(ordered, expected);
  assert.deepEqual(orderedCarol, expected);
  check("one socket's events keep their order on the other gateways");

  // disconnect cleanup: a socket that leaves is gone from member lists read through another gateway
  await ask(carol, "join", room);
  check("carol joined the room", (await ask(alice, "members", room)).length === 2);
  carol.close();
  let left = [];
  for (let i = 0; i < 100; i++) {
    left = await ask(alice, "members", room);
    if (left.length === 1) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.deepEqual(left, [alice.id]);
  check("a disconnected socket of another gateway leaves the member list");

  for (const socket of [alice, bob]) socket.close();
});
