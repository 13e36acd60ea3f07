// After the server closes the Engine.IO connection, the client reconnects by itself (a new socket id); after a
// server-side DISCONNECT ("io server disconnect") it does not.
import { ackOf, check, io, once, run, same, url } from "./common.mjs";

run(async () => {
  const socket = io(url, { forceNew: true, transports: ["websocket"], reconnectionDelay: 50, reconnectionDelayMax: 100 });
  await once(socket, "connect");
  const firstId = socket.id;

  const dropped = once(socket, "disconnect");
  socket.emit("close-my-connection");
  const [reason] = await dropped;
  check(`a closed connection shows on the client as "${reason}"`, reason === "transport close");
  check("the client will reconnect", socket.active);
  await once(socket, "connect");
  check("it reconnects by itself, as a new socket", socket.connected && socket.id !== firstId);
  check("and works", same(await ackOf(socket, "echo", "back"), ["back"]));

  const kicked = once(socket, "disconnect");
  socket.emit("disconnect-me");
  const [kickReason] = await kicked;
  check("a server-side disconnect shows as \"io server disconnect\"", kickReason === "io server disconnect");
  check("after which the client does not reconnect", !socket.active && !socket.connected);
  socket.close();
});
