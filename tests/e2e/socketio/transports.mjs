// One transport mode (argv[3]: websocket | polling | upgrade): the socket connects over it, and events and acks
// travel both ways.
import { ackOf, check, connect, once, run, same } from "./common.mjs";

const mode = process.argv[3];
const options = {
  websocket: { transports: ["websocket"] },
  polling: { transports: ["polling"], upgrade: false },
  upgrade: { transports: ["polling", "websocket"] },
}[mode];
if (!options) {
  console.error("mode must be websocket, polling or upgrade");
  process.exit(2);
}

run(async () => {
  const socket = await connect("/", options);
  const engine = socket.io.engine;
  if (mode === "upgrade") {
    check("the session opens over polling", engine.transport.name === "polling" || engine.upgraded);
    if (engine.transport.name !== "websocket") {
      await once(engine, "upgrade");
    }
    check("then upgrades to websocket", engine.transport.name === "websocket");
  } else {
    check(`the session uses ${mode} only`, engine.transport.name === mode);
  }

  // Client to server with an ack, and the server's emit back (the echo).
  const echoed = once(socket, "echo");
  const ack = await ackOf(socket, "echo", "hello", 42, { nested: [true, null] });
  check("the client's ack callback gets the server's answer", same(ack, ["hello", 42, { nested: [true, null] }]));
  const [a, b, c] = await echoed;
  check("the server's event reaches the client with its arguments", a === "hello" && b === 42 && c.nested[0] === true && c.nested[1] === null);

  // Many events in a burst arrive at the application in order.
  for (let i = 0; i < 30; i++) {
    socket.emit("order", i);
  }
  const order = await socket.timeout(5000).emitWithAck("get-order");
  check("events of one socket reach the application in arrival order", same(order, [...Array(30).keys()]));

  socket.disconnect();
});
