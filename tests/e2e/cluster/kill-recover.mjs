// Connection state recovery across a gateway crash (docs/recovery.md): a client whose gateway (pid in KILL_PID, the
// last URL) is killed with SIGKILL reconnects to another gateway and comes back recovered, with its id and room,
// and gets the broadcasts and room messages it missed, in order, exactly once. Then a client that disconnects on
// purpose comes back fresh. Gateways run with SocketIO:ConnectionStateRecovery:Enabled.
import { io, connect, ask, askUntil, until, check, run, urls, killPid } from "./common.mjs";

/** The texts of every `message` a socket receives (recovery appends the offset as a last argument). */
function texts(socket) {
  const received = [];
  socket.on("message", (text) => received.push(text));
  return received;
}

const pid = killPid();

run(async () => {
  const victim = urls.length - 1;
  const a = await connect(0);
  const b = await connect(1);
  const socket = io(urls[victim] + "/", { forceNew: true, transports: ["websocket"], reconnectionDelay: 100, reconnectionDelayMax: 500 });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const id = socket.id;
  const room = "recover-" + Math.random().toString(36).slice(2);
  await ask(a, "join", room);
  check("the client joins a room on the gateway that will die", (await ask(socket, "join", room)) === 2);
  const received = texts(socket);
  const witness = texts(a);
  await ask(b, "message", "init");
  await until("a broadcast reaches it (it has an offset)", () => received.length === 1);

  // Killed: its client must not reconnect to it (a load balancer sends it elsewhere).
  socket.io.reconnection(false);
  const lost = new Promise((resolve) => socket.once("disconnect", resolve));
  process.kill(pid, "SIGKILL");
  await lost;
  check("the killed gateway's client lost its connection");

  b.emit("room message", { room, text: "m1" });
  await ask(b, "message", "m2");
  b.emit("room message", { room: "elsewhere", text: "not for it" });
  await until("the gateway it will reconnect to has relayed what it missed", () => witness.includes("m1") && witness.includes("服务器转发：m2"));

  socket.io.uri = urls[0] + "/";
  socket.io.reconnection(true);
  const back = new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const started = Date.now();
  socket.connect();
  await back;
  console.log(`reconnected to another gateway after ${Date.now() - started} ms`);
  check("it comes back recovered on another gateway", socket.recovered === true);
  check("with the same socket id", socket.id === id);
  await ask(b, "message", "after");
  await until("a live broadcast arrives after the missed ones", () => received.includes("服务器转发：after"));
  check(
    "missed room messages and broadcasts arrive in order, exactly once, then live ones: " + JSON.stringify(received),
    JSON.stringify(received) === JSON.stringify(["服务器转发：init", "m1", "服务器转发：m2", "服务器转发：after"]),
  );
  b.emit("room message", { room, text: "live room" });
  await until("it is still in its room", () => received.includes("live room"));
  // Both members: on a loaded machine a live gateway whose heartbeat write was slow can be taken for dead, have its
  // rows removed and write them again a moment later (docs/adapter.md), so the table may lag `a` for a while too.
  const members = await askUntil("the rooms table lists it and the other member in its room", b, "members", [room],
    (ids) => Array.isArray(ids) && ids.includes(id) && ids.includes(a.id));
  check("the rooms table lists it in its room again: " + JSON.stringify(members), members.length === 2);

  // On purpose: no session.
  socket.disconnect();
  const again = new Promise((resolve) => socket.once("connect", resolve));
  socket.connect();
  await again;
  check("a client that disconnected on purpose comes back fresh", socket.recovered === false && socket.id !== id);
  for (const s of [a, b, socket]) s.close();
});
