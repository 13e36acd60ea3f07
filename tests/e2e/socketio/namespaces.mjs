// Namespaces: two sockets of one Manager share one Engine.IO connection; an unknown namespace gets
// "Invalid namespace"; a refused connect shows the application's message and data; socket.data persists.
import { Manager, ackOf, check, once, run, same, url } from "./common.mjs";

run(async () => {
  const manager = new Manager(url, { reconnection: false, transports: ["websocket"] });
  const main = manager.socket("/");
  const chat = manager.socket("/chat");
  await Promise.all([once(main, "connect"), once(chat, "connect")]);
  check("both namespaces connect", main.connected && chat.connected);
  check("over one Engine.IO connection", manager.engine && main.io === chat.io);
  check("with distinct socket ids", main.id !== chat.id);

  const [mainAnswer, chatAnswer] = await Promise.all([ackOf(main, "echo", "to main"), ackOf(chat, "echo", "to chat")]);
  check("each namespace answers its own events", same(mainAnswer, ["to main"]) && same(chatAnswer, ["to chat"]));

  const unknown = manager.socket("/nowhere");
  const [unknownError] = await once(unknown, "connect_error");
  check("an unknown namespace gets connect_error \"Invalid namespace\"", unknownError.message === "Invalid namespace");

  const refused = manager.socket("/admin", { auth: { token: "wrong" } });
  const [refusal] = await once(refused, "connect_error");
  check("a refused connect carries the application's message", refusal.message === "unauthorized");
  check("and its data", refusal.data?.code === 401);

  // The Socket.IO idiom after a refusal: fix the credentials and connect again (the Manager keeps one socket per namespace).
  const admin = refused;
  admin.auth = { token: "let-me-in" };
  admin.connect();
  await once(admin, "connect");
  check("the same namespace accepts a valid token (over the same connection)", admin.connected && admin.io === main.io);
  check("socket.data set at connect is kept", same(await ackOf(admin, "whoami"), ["admin"]));

  check("socket.data set by one event is seen by the next", same(await ackOf(main, "set-data", { n: 1 }), [true]));
  check("...and read back", same(await ackOf(main, "get-data"), [{ n: 1 }]));

  check("the other namespaces still work after the refusals", same(await ackOf(chat, "echo", 1), [1]));

  chat.disconnect();
  check("leaving one namespace keeps the others", same(await ackOf(main, "echo", 2), [2]));
  manager.engine.close();
});
