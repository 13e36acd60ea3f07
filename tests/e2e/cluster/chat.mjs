// The seed's chat features with the sockets that must see each other on different gateways: alice on the second
// gateway, bob on the third, carol on the first (the management endpoint), so every function's call to the first
// gateway must reach sockets that only Redis connects it to.
import { connect, ask, collect, until, check, run, assert } from "./common.mjs";
import { seedFeatures } from "../chat/seed-features.mjs";

run(async () => {
  const alice = await connect(1);
  const bob = await connect(2);
  const carol = await connect(0);
  // io.emit, rooms, broadcast-except-sender, join/leave and member lists, binary: every gateway, through Redis.
  const { room } = await seedFeatures({ alice, bob, carol }, { ask, collect, until, check, assert });

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
