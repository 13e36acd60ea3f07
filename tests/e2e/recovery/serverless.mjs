// Connection state recovery through the Functions upstream (the conformance function app, whose connect keeps the
// handshake auth in socket.data and whose connected emits it back as "auth"): a dropped client comes back recovered,
// with the same id; no connect function runs for it (SkipMiddlewares), and its connected function, told it is
// recovered, finds socket.data as the first connect left it. Prints socket-id= for the test to read the function logs.
import { check, drop, once, recoveringClient, run, until } from "./common.mjs";

run(async () => {
  const socket = recoveringClient({ auth: { token: "first" } });
  const auths = [];
  socket.on("auth", (auth) => auths.push(auth));
  await once(socket, "connect");
  await until("the connected function emits the auth it kept", () => auths.length === 1);
  check("a fresh socket is not recovered", socket.recovered === false);
  const id = socket.id;
  console.log("socket-id=" + id);

  const away = await drop(socket);
  await away.reconnect();
  check("it comes back recovered, through the functions", socket.recovered === true);
  check("with the same socket id", socket.id === id);
  await until("the connected function of the recovered socket emits again", () => auths.length === 2);
  check(
    "socket.data came back as the first connect left it, and no connect ran again (that would have kept {pid, offset}): " + JSON.stringify(auths[1]),
    JSON.stringify(auths[1]) === JSON.stringify({ token: "first" }),
  );
  console.log("recovered socket-id=" + socket.id);
  socket.close();
});
