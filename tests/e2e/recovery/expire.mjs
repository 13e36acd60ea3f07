// A session past maxDisconnectionDuration (argv[3] ms, the gateway's setting) comes back as a fresh socket.
import { ack, check, drop, newsOf, once, recoveringClient, run, until, connectTo, url } from "./common.mjs";

const maxDisconnectionDuration = Number(process.argv[3]);

run(async () => {
  const sender = await connectTo(url, { transports: ["websocket"] });
  const socket = recoveringClient();
  await once(socket, "connect");
  const firstId = socket.id;
  await ack(socket, "join", "r1");
  const news = newsOf(socket);
  await ack(sender, "to-all", "before");
  await until("a broadcast arrives (the client has an offset)", () => news.length === 1);

  const away = await drop(socket);
  const droppedAt = Date.now();
  await ack(sender, "to-all", "missed");
  await until(`the session is older than maxDisconnectionDuration (${maxDisconnectionDuration} ms)`, () => Date.now() - droppedAt > maxDisconnectionDuration + 100);
  await away.reconnect();
  check("past maxDisconnectionDuration it comes back fresh", socket.recovered === false && socket.id !== firstId);
  check("without its rooms", !(await ack(socket, "my-rooms")).includes("r1"));
  await ack(sender, "to-all", "after");
  await until("live broadcasts reach it", () => news.includes("after"));
  check("and nothing is replayed: " + JSON.stringify(news), JSON.stringify(news) === JSON.stringify(["before", "after"]));
  socket.close();
  sender.close();
});
