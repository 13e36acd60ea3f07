// Connection state recovery on one gateway (in-memory adapter): a dropped transport comes back as the same socket,
// with its rooms and data, and gets the broadcasts and room messages sent while it was away, in order, exactly once.
// Clients that left on purpose, or were disconnected by the server, come back as new sockets.
import { ack, check, drop, newsOf, once, recoveringClient, run, until, connectTo, url } from "./common.mjs";

run(async () => {
  const sender = await connectTo(url, { transports: ["websocket"] });
  const socket = recoveringClient();
  await once(socket, "connect");
  check("a fresh socket is not recovered", socket.recovered === false);
  const firstId = socket.id;
  check("it joins a room", (await ack(socket, "join", "r1")) === true);
  check("and sets its data", (await ack(socket, "set-data", { name: "ann", n: 1 })) === true);

  const news = newsOf(socket);
  let lastOffset;
  socket.on("news", (...args) => (lastOffset = args[args.length - 1]));
  await ack(sender, "to-all", "before");
  await until("the first broadcast arrives", () => news.length === 1);
  check("every packet carries an offset as its last argument", typeof lastOffset === "string" && lastOffset.length > 0);

  const away = await drop(socket);
  check(`the transport is gone (the client says "${away.reason}")`, !socket.connected);
  await ack(sender, "to-all", "m1");
  await ack(sender, "to-rooms", ["r1"], "m2");
  await ack(sender, "to-rooms", ["elsewhere"], "not-for-it");
  await ack(sender, "to-rooms-except", [], ["r1"], "not-for-it-either");
  await ack(sender, "to-all", "m3");

  await away.reconnect();
  check("it comes back recovered", socket.recovered === true);
  check("with the same socket id", socket.id === firstId);
  await until("the three missed packets arrive", () => news.length >= 4);
  await ack(sender, "to-all", "after");
  await until("a live broadcast arrives after them", () => news.includes("after"));
  check(
    "missed broadcasts and room messages arrive in order, exactly once, then live ones: " + JSON.stringify(news),
    JSON.stringify(news) === JSON.stringify(["before", "m1", "m2", "m3", "after"]),
  );
  check("it is still in its room", (await ack(socket, "my-rooms")).includes("r1"));
  check("its data came back", JSON.stringify(await ack(socket, "get-data")) === JSON.stringify({ name: "ann", n: 1 }));
  await ack(sender, "to-rooms", ["r1"], "room-live");
  await until("room messages reach it live again", () => news.includes("room-live"));

  // A client-side disconnect() is on purpose: no session is kept.
  socket.disconnect();
  await ack(sender, "to-all", "while-left");
  const again = once(socket, "connect");
  socket.connect();
  await again;
  check("after a client disconnect() it comes back fresh", socket.recovered === false && socket.id !== firstId);
  check("without the rooms it had", !(await ack(socket, "my-rooms")).includes("r1"));
  check("and did not get what was sent while it was away", !news.includes("while-left"));

  // A server-side disconnect is on purpose too.
  const secondId = socket.id;
  const kicked = once(socket, "disconnect");
  socket.emit("disconnect-me");
  const [kickReason] = await kicked;
  check('a server disconnect shows as "io server disconnect"', kickReason === "io server disconnect");
  const third = once(socket, "connect");
  socket.connect();
  await third;
  check("after a server disconnect it comes back fresh", socket.recovered === false && socket.id !== secondId);

  socket.close();
  sender.close();
});
