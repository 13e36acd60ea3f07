// The scenario of socket.io-client's own connection state recovery test (packages/socket.io-client/test/
// connection-state-recovery.ts in socketio/socket.io), step for step, against a gateway run as
// scripts/client-recovery-server runs it: a socket with reconnectionDelay 10 emits "hi" (the server emits "hi"
// back, which gives the client its first offset), closes its Engine.IO connection, reconnects by itself, and must
// come back with the same id and recovered true.
import { io } from "socket.io-client";
import { check, run, urlArgument, failAfter } from "../lib.mjs";

const url = urlArgument("node client-suite.mjs GATEWAY_URL");
failAfter(20_000);

run(
  () =>
    new Promise((resolve) => {
      const socket = io(url, { forceNew: true, reconnectionDelay: 10 });
      check("a new socket is not recovered", socket.recovered === false);
      socket.emit("hi"); // init the offset
      socket.on("hi", () => {
        const id = socket.id;
        socket.io.engine.close();
        socket.on("connect", () => {
          check("it reconnects with the server-side socket id it had", socket.id === id);
          check("and says it recovered", socket.recovered === true);
          socket.disconnect();
          resolve();
        });
      });
    }),
);
