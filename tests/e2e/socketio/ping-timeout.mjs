// A client that stops answering pings is detected: the server disconnects its socket with "ping timeout"
// (observed through the test application's "/observer" namespace).
import { check, connect, run } from "./common.mjs";

run(async () => {
  const observer = await connect("/observer", { transports: ["websocket"] });
  const silent = await connect("/", { transports: ["websocket"] });
  const id = silent.id;
  const reason = new Promise((resolve) => observer.on("peer-disconnected", (peer, why) => peer === id && resolve(why)));

  // Stop answering pings: drop every "pong" this client's engine would send.
  const engine = silent.io.engine;
  const send = engine._sendPacket.bind(engine);
  engine._sendPacket = (type, ...rest) => (type === "pong" ? undefined : send(type, ...rest));

  check("the server disconnects the silent socket with \"ping timeout\"", (await reason) === "ping timeout");
  silent.close();
  observer.disconnect();
});
