// 150 clients spread over the gateways in one room: a room message reaches each of the others once, whatever
// gateway holds it, and the member list counts all of them.
import { connect, ask, until, check, run } from "./common.mjs";

const count = Number(process.env.CROWD_SIZE ?? 150);

run(async () => {
  const room = "crowd-" + Math.random().toString(36).slice(2);
  const sockets = [];
  // Connected in groups of 25: every connect and join is a function invocation on a 2-core test machine.
  for (let i = 0; i < count; i += 25) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(25, count - i) }, (_, j) => connect(i + j)))));
  }
  check(`${count} clients connected over the gateways`);
  for (let i = 0; i < count; i += 25) {
    await Promise.all(sockets.slice(i, i + 25).map((socket) => ask(socket, "join", room)));
  }
  check(`${count} clients joined one room`, (await ask(sockets[0], "members", room)).length === count);

  const received = sockets.map(() => 0);
  sockets.forEach((socket, i) => socket.on("message", (text) => text === "hello crowd" && received[i]++));
  sockets[1].emit("room message", { room, text: "hello crowd" });
  await until("every other client got the room message", () => received.every((n, i) => i === 1 || n >= 1), 30_000);
  await ask(sockets[1], "message", "barrier");
  check("each of the others got it exactly once, the sender not at all", received.every((n, i) => (i === 1 ? n === 0 : n === 1)));
  for (const socket of sockets) socket.close();
});
