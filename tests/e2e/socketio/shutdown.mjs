// Connects a WebSocket and a polling client, says "connected", then waits for the gateway to shut down: both
// must be told (a close, so they would reconnect to another instance) rather than time out.
import { check, connect, once, run } from "./common.mjs";

run(async () => {
  const sockets = [await connect("/", { transports: ["websocket"] }), await connect("/", { transports: ["polling"] })];
  const reasons = Promise.all(sockets.map((socket) => once(socket, "disconnect")));
  console.log("connected");
  const [[websocket], [polling]] = await reasons;
  check(`the WebSocket client is told the server went away (${websocket})`, websocket === "transport close");
  check(`the polling client is told the server went away (${polling})`, polling === "transport close");
});
