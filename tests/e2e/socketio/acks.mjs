// Acks both ways: client-to-server acks; server-to-client emitWithAck from inside an event handler of the same
// client (must not deadlock); and the server's TimeoutException when the client never acks.
import { ackOf, check, connect, run, same } from "./common.mjs";

run(async () => {
  const socket = await connect("/", { transports: ["websocket"] });

  check("client-to-server ack with several arguments", same(await ackOf(socket, "echo", "a", 1, [2]), ["a", 1, [2]]));

  socket.on("question", (question, callback) => callback(`answer to ${question}`, 7));
  const [answer] = await ackOf(socket, "ask", "life", 5000);
  check("server emitWithAck gets the client's ack (while the asking event is still in flight)", same(answer, { answer: ["answer to life", 7] }));

  socket.off("question");
  socket.on("question", () => { /* never acks */ });
  const [timedOut] = await ackOf(socket, "ask", "silence", 300);
  check("server emitWithAck fails with a TimeoutException when the client never acks", timedOut.timeout === true);
  check("whose message says what timed out", /did not acknowledge event 'question' within 300 ms/.test(timedOut.message));

  check("the socket keeps working after the timeout", same(await ackOf(socket, "echo", "still here"), ["still here"]));
  socket.disconnect();
});
