// Redis stopped and started again while the gateways run. The test owns redis-server: this script prints
// "STOP REDIS" and waits for the file "$SIGNAL_DIR/stopped", then "START REDIS" and waits for "$SIGNAL_DIR/started".
// During: local delivery goes on, member lists answer from the table, cross-gateway operations fail (no ack from the
// failing function). After: they work again with no restart.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { connect, ask, askUntil, until, collect, check, run } from "./common.mjs";

const signals = process.env.SIGNAL_DIR;
const signalled = (name) => until(`the test signalled ${name}`, () => existsSync(join(signals, name)), 30_000);

run(async () => {
  const local = await connect(0); // on the management gateway: the functions' calls land where it is
  const remote = await connect(1);
  const room = "redis-" + Math.random().toString(36).slice(2);
  await ask(local, "join", room);
  await ask(remote, "join", room);
  check("two gateways share a room", (await ask(local, "members", room)).length === 2);

  console.log("STOP REDIS");
  await signalled("stopped");
  const toLocal = collect(local, "message");
  // Member lists come from the rooms table, not over Redis: they still answer, with the other gateway's socket.
  check("a member list still answers from the table while Redis is down", (await ask(local, "members", room)).length === 2);
  // Joining a socket of the other gateway goes through Redis (the function calls the management gateway).
  const failed = await remote.timeout(3_000).emitWithAck("join", room + "-down").then(() => "acked", (error) => error.message);
  check("a join of a socket on another gateway fails while Redis is down (the function got 503, no ack)", failed === "operation has timed out");
  local.emit("message", "while redis is down");
  await until("the management gateway still delivered to its own socket", () => toLocal.includes("服务器转发：while redis is down"));
  check("local delivery keeps working while Redis is down");

  console.log("START REDIS");
  await signalled("started");
  const joined = await askUntil("a join of a socket on another gateway works again", remote, "join", [room + "-up"], (count) => count === 1, 30_000);
  check("cross-gateway operations recover without a restart", joined === 1);
  const toRemote = collect(remote, "message");
  await askUntil("a broadcast reaches the other gateway again", local, "message", ["after redis"], () => toRemote.includes("服务器转发：after redis"), 30_000);
  check("broadcasts reach the other gateways again");
  for (const socket of [local, remote]) socket.close();
});
