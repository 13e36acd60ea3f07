// The seed's chat features checked from three clients' side, shared by chat/chat.mjs (one gateway) and
// cluster/chat.mjs (each client on another gateway, so every function's call must reach them through Redis).
// `helpers` are the calling script's own (its ask, collect, until, check, assert), so each keeps its transport
// and deadlines. Resolves with the room and the "message" events each client got, for the script's own checks.
export async function seedFeatures({ alice, bob, carol }, { ask, collect, until, check, assert }) {
  const toAlice = collect(alice, "message");
  const toBob = collect(bob, "message");
  const toCarol = collect(carol, "message");

  // message: io.emit('message', '服务器转发：' + text) and ack '消息已收到'
  check("message is acked", (await ask(alice, "message", "你好")) === "消息已收到");
  await until("everyone got the forwarded message", () => [toAlice, toBob, toCarol].every((got) => got.includes("服务器转发：你好")));
  check("message is forwarded to every socket, the sender included");
  alice.emit("message", "no ack");
  await until("the message without ack is forwarded", () => toBob.includes("服务器转发：no ack"));
  check("message works without an ack");

  // join / leave: ack with the room's member count
  const room = "room-" + Math.random().toString(36).slice(2);
  check("join acks the member count", (await ask(alice, "join", room)) === 1);
  check("a second join counts two", (await ask(bob, "join", room)) === 2);
  check("a third socket joins another room", (await ask(carol, "join", room + "-2")) === 1);

  // members / in room
  const members = await ask(carol, "members", room);
  assert.deepEqual([...members].sort(), [alice.id, bob.id].sort());
  check("members lists the sockets in the room");
  check("in room is true for a member", (await ask(alice, "in room", room)) === true);
  check("in room is false for a non-member", (await ask(carol, "in room", room)) === false);

  // room message: socket.to(room).emit('message', text) — the room but not the sender
  bob.emit("room message", { room, text: "to the room" });
  await until("alice got the room message", () => toAlice.includes("to the room"));
  await ask(bob, "message", "barrier-1");
  await until("the barrier reached everyone", () => [toAlice, toBob, toCarol].every((got) => got.includes("服务器转发：barrier-1")));
  check("room message reaches the room only, not the sender", !toBob.includes("to the room") && !toCarol.includes("to the room"));

  // rooms message: to several rooms, each socket once
  await ask(alice, "join", room + "-2");
  carol.emit("rooms message", { rooms: [room, room + "-2"], text: "to both rooms" });
  await until("alice and bob got the rooms message", () => toAlice.includes("to both rooms") && toBob.includes("to both rooms"));
  await ask(bob, "message", "barrier-2");
  await until("the second barrier reached everyone", () => [toAlice, toBob, toCarol].every((got) => got.includes("服务器转发：barrier-2")));
  check("rooms message reaches each socket once, not the sender",
    toAlice.filter((m) => m === "to both rooms").length === 1 && !toCarol.includes("to both rooms"));

  // announce: socket.broadcast.emit('message', text)
  alice.emit("announce", "hello others");
  await until("bob and carol got the announcement", () => toBob.includes("hello others") && toCarol.includes("hello others"));
  await ask(alice, "message", "barrier-3");
  await until("the third barrier reached alice", () => toAlice.includes("服务器转发：barrier-3"));
  check("announce reaches every socket but the sender", !toAlice.includes("hello others"));

  // leave: ack with the count left
  check("leave acks the remaining count", (await ask(bob, "leave", room)) === 1);
  check("in room is false after leaving", (await ask(bob, "in room", room)) === false);

  // file: binary in, byte count acked, the same bytes to the other sockets
  const filesToBob = collect(bob, "file");
  const filesToCarol = collect(carol, "file");
  const filesToAlice = collect(alice, "file");
  const bytes = Buffer.from([0, 1, 2, 250, 251, 255]);
  check("file acks the byte count", (await ask(alice, "file", bytes)) === bytes.length);
  await until("bob and carol got the file", () => filesToBob.length === 1 && filesToCarol.length === 1);
  check("the other sockets get the same bytes",
    Buffer.compare(Buffer.from(filesToBob[0]), bytes) === 0 && Buffer.compare(Buffer.from(filesToCarol[0]), bytes) === 0);
  check("the sender does not get its own file", filesToAlice.length === 0);

  return { room, toAlice, toBob, toCarol };
}
