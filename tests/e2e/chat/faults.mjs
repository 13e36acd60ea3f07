// Failures behind the gateway never break a socket: a function that throws, and an event without a function.
import { connect, ask, check, run } from "./common.mjs";

run(async () => {
  const socket = await connect();

  // `join` without a room throws in the function (HTTP 500): the ack never comes.
  const failed = await socket.timeout(1_500).emitWithAck("join").then(() => "acked", (error) => error.message);
  check("a throwing function gives no ack", failed === "operation has timed out");

  // No function for this event (404): dropped like an event without a listener.
  const dropped = await socket.timeout(1_500).emitWithAck("no such event", 1).then(() => "acked", (error) => error.message);
  check("an event without a function is dropped", dropped === "operation has timed out");

  check("the socket still works", (await ask(socket, "message", "still here")) === "消息已收到");
  socket.close();
});
