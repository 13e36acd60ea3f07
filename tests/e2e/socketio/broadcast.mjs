// Broadcasts: to all, to one room, to two rooms (a socket in both gets it once), to rooms except a room, and to
// everyone except the sender. Absence is proved without waiting: after each broadcast a marker goes to everyone,
// and one connection's packets arrive in order, so anything a socket got before the marker is all it got.
import { ackOf, check, collect, connect, once, run, same } from "./common.mjs";

run(async () => {
  // a: rooms r1; b: r1 and r2; c: r2; d: none.
  const names = ["a", "b", "c", "d"];
  const sockets = {};
  for (const name of names) {
    sockets[name] = await connect("/", { transports: ["websocket"] });
  }
  await ackOf(sockets.a, "join", "r1");
  await ackOf(sockets.b, "join", "r1");
  await ackOf(sockets.b, "join", "r2");
  await ackOf(sockets.c, "join", "r2");
  check("every socket is in the room of its own id", (await ackOf(sockets.b, "my-rooms"))[0].includes(sockets.b.id));
  check("joined rooms are listed", same([...(await ackOf(sockets.b, "my-rooms"))[0]].sort(), [sockets.b.id, "r1", "r2"].sort()));

  const news = Object.fromEntries(names.map((name) => [name, collect(sockets[name], "news")]));
  let round = 0;
  async function roundOf(trigger) {
    for (const name of names) news[name].length = 0;
    const count = await trigger();
    const marker = `marker-${++round}`;
    const markers = names.map((name) => new Promise((resolve) => {
      const onNews = (text) => {
        if (text === marker) {
          sockets[name].off("news", onNews);
          resolve();
        }
      };
      sockets[name].on("news", onNews);
    }));
    await ackOf(sockets.d, "to-all", marker);
    await Promise.all(markers);
    const got = Object.fromEntries(names.map((name) => [name, news[name].filter((text) => text !== marker)]));
    return { count, got };
  }

  let { count, got } = await roundOf(async () => (await ackOf(sockets.a, "to-all", "hello all"))[0]);
  check("to all: every socket gets it once", count === 4 && names.every((name) => same(got[name], ["hello all"])));

  ({ count, got } = await roundOf(async () => (await ackOf(sockets.d, "to-rooms", ["r1"], "hello r1"))[0]));
  check("to one room: only its members", count === 2 && same(got.a, ["hello r1"]) && same(got.b, ["hello r1"]) && same(got.c, []) && same(got.d, []));

  ({ count, got } = await roundOf(async () => (await ackOf(sockets.d, "to-rooms", ["r1", "r2"], "hello both"))[0]));
  check("to two rooms: a socket in both gets it once", count === 3 && same(got.a, ["hello both"]) && same(got.b, ["hello both"]) && same(got.c, ["hello both"]) && same(got.d, []));

  ({ count, got } = await roundOf(async () => (await ackOf(sockets.d, "to-rooms-except", ["r1", "r2"], ["r1"], "not r1"))[0]));
  check("to rooms except a room: members of the excluded room are left out", count === 1 && same(got.c, ["not r1"]) && same(got.a, []) && same(got.b, []));

  ({ count, got } = await roundOf(async () => (await ackOf(sockets.b, "to-others", "from b"))[0]));
  check("broadcast except the sender", count === 3 && same(got.b, []) && same(got.a, ["from b"]) && same(got.c, ["from b"]) && same(got.d, ["from b"]));

  await ackOf(sockets.b, "leave", "r1");
  ({ count, got } = await roundOf(async () => (await ackOf(sockets.d, "to-rooms", ["r1"], "after leave"))[0]));
  check("a socket that left a room no longer gets its broadcasts", count === 1 && same(got.a, ["after leave"]) && same(got.b, []));

  for (const name of names) sockets[name].disconnect();
});
