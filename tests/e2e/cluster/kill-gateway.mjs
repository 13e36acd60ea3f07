// A gateway killed with SIGKILL (pid in KILL_PID, the gateway at the last URL): its sockets lose their connection
// and leave the member lists; the other gateways keep serving, and a client that reconnects elsewhere works.
import { connect, ask, askUntil, until, collect, check, run, assert, urls, killPid } from "./common.mjs";

const pid = killPid();

run(async () => {
  const victim = urls.length - 1;
  const a = await connect(0);
  const b = await connect(1);
  const doomed = await connect(victim);
  const room = "kill-" + Math.random().toString(36).slice(2);
  for (const socket of [a, b, doomed]) await ask(socket, "join", room);
  // Waited for, not read once: on a loaded machine a live gateway's heartbeat can look expired for a moment; the
  // others then remove its rows and it writes them again (docs/adapter.md), so the list is whole again shortly after.
  await askUntil("three sockets on three gateways in one room", a, "members", [room], (ids) => Array.isArray(ids) && ids.length === 3);
  check("three sockets on three gateways in one room");

  const lost = new Promise((resolve) => doomed.once("disconnect", resolve));
  const started = Date.now();
  process.kill(pid, "SIGKILL");
  await lost;
  check("the killed gateway's client lost its connection");

  const members = await askUntil("the killed gateway's socket left the member list", a, "members", [room], (ids) => Array.isArray(ids) && ids.length === 2);
  assert.deepEqual([...members].sort(), [a.id, b.id].sort());
  console.log(`member list without the killed gateway's socket after ${Date.now() - started} ms`);
  check("its socket left the member list");

  const toA = collect(a, "message");
  const toB = collect(b, "message");
  check("the others keep serving", (await ask(b, "message", "after the kill")) === "消息已收到");
  await until("both remaining gateways delivered", () => toA.includes("服务器转发：after the kill") && toB.includes("服务器转发：after the kill"));

  // The client comes back through another gateway (as a load balancer would send it) and everything works there.
  const back = await connect(0);
  check("a rejoin counts the live members", (await ask(back, "join", room)) === 3);
  for (const socket of [a, b, back, doomed]) socket.close();
});
